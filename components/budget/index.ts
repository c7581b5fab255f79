export { CostBudget } from "./budget";
export type { CostBudgetArgs, ShutdownGroup } from "./budget";
export { budgetNotifications, shutdownHandlerSource } from "./notifications";
export type { BudgetNotification, NotificationTargets } from "./notifications";
export { CostLedger, startCostLedger } from "./ledger";
