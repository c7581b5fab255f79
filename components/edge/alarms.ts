/**
 * CloudWatch alarms on a public ALB, as plain data (inputs of `aws.cloudwatch.MetricAlarm`). The
 * ALB's own numbers are what users see: its 5xx share (its own and the targets') and the targets'
 * P95 response time against the service's latency objective.
 */

/** Thresholds, from `platform:monitoring.alerting` (httpErrorRate, httpLatency) and the service. */
export interface EdgeAlarmThresholds {
  /** 5xx share above which the alarm fires, %. */
  errorPercent: number;
  /** Seconds the 5xx share must stay above it. */
  errorForSeconds: number;
  /** The service's P95 latency objective, ms. */
  latencyObjectiveMs: number;
  /** Seconds P95 must stay above the objective. */
  latencyForSeconds: number;
}

const minutes = (s: number) => Math.max(1, Math.ceil(s / 60));

/** The two alarms of one service's ALB. `lb` is the ALB's ARN suffix (`app/<name>/<id>`). */
export function edgeAlarms<I>(service: string, lb: I, t: EdgeAlarmThresholds, topicArn?: I) {
  const actions = topicArn === undefined ? {} : { alarmActions: [topicArn], okActions: [topicArn] };
  const metric = (id: string, metricName: string) => ({
    id,
    metric: {
      namespace: "AWS/ApplicationELB",
      metricName,
      dimensions: { LoadBalancer: lb },
      period: 60,
      stat: "Sum",
    },
  });
  return [
    {
      role: "alb-5xx-rate",
      args: {
        alarmDescription: `${service}: more than ${t.errorPercent}% of requests through its ALB answered 5xx (ALB or targets) for ${minutes(t.errorForSeconds)} min`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.errorPercent,
        evaluationPeriods: minutes(t.errorForSeconds),
        datapointsToAlarm: minutes(t.errorForSeconds),
        treatMissingData: "notBreaching",
        metricQueries: [
          metric("elb5xx", "HTTPCode_ELB_5XX_Count"),
          metric("target5xx", "HTTPCode_Target_5XX_Count"),
          metric("requests", "RequestCount"),
          {
            id: "rate",
            label: "5xx %",
            expression: "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests",
            returnData: true,
          },
        ],
        ...actions,
      },
    },
    {
      role: "alb-latency-p95",
      args: {
        alarmDescription: `${service}: P95 target response time at its ALB above the ${t.latencyObjectiveMs} ms objective for ${minutes(t.latencyForSeconds)} min`,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions: { LoadBalancer: lb },
        extendedStatistic: "p95",
        period: 60,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.latencyObjectiveMs / 1000,
        evaluationPeriods: minutes(t.latencyForSeconds),
        datapointsToAlarm: minutes(t.latencyForSeconds),
        treatMissingData: "notBreaching",
        ...actions,
      },
    },
  ];
}
