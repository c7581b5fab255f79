export { CostBudget } from "./budget";
export type { CostBudgetArgs, ShutdownGroup } from "./budget";
export { budgetNotifications, SHUTDOWN_HANDLER_PATH } from "./notifications";
export type { BudgetNotification, NotificationTargets } from "./notifications";
export { CostLedger, startCostLedger } from "./ledger";
