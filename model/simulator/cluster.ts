/**
 * Pods and node capacity for one service, in pod-sized slots.
 *
 * A new pod schedules at once on a free slot, else by preempting a low-priority placeholder
 * (spare headroom), else it waits (Pending) for the cluster autoscaler to bring a node, which
 * takes `nodeProvisioningSeconds`. A preempted placeholder is itself Pending and brings a node
 * too, so headroom comes back after the same delay. Scheduled pods become ready after
 * `startupSeconds`. On scale-down the ReplicaSet deletes Pending pods first, then not-ready,
 * then ready ones; freed slots hold Pending placeholders first, else stay free until the
 * cluster autoscaler removes the empty node after `nodeScaleDownUnneededSeconds`.
 */
import type { ResolvedPods } from "./validate";

interface Batch {
  t: number;
  n: number;
}

/** FIFO of time-stamped counts; times are pushed in non-decreasing order. */
class Queue {
  private items: Batch[] = [];
  private head = 0;
  total = 0;

  push(t: number, n: number): void {
    if (n <= 0) return;
    const last = this.items[this.items.length - 1];
    if (last && last.t === t && this.items.length > this.head) last.n += n;
    else this.items.push({ t, n });
    this.total += n;
  }

  /** Removes and returns how many are due at or before `now`. */
  takeDue(now: number): number {
    let taken = 0;
    while (this.head < this.items.length && this.items[this.head].t <= now)
      taken += this.items[this.head++].n;
    this.total -= taken;
    this.compact();
    return taken;
  }

  /** Removes up to `n`, newest first (latest time); returns how many were removed. */
  takeNewest(n: number): number {
    let left = n;
    while (left > 0 && this.items.length > this.head) {
      const last = this.items[this.items.length - 1];
      const k = Math.min(left, last.n);
      last.n -= k;
      left -= k;
      if (last.n === 0) this.items.pop();
    }
    this.total -= n - left;
    return n - left;
  }

  /** Removes up to `n`, oldest first; returns how many were removed. */
  takeOldest(n: number): number {
    let left = n;
    while (left > 0 && this.head < this.items.length) {
      const first = this.items[this.head];
      const k = Math.min(left, first.n);
      first.n -= k;
      left -= k;
      if (first.n === 0) this.head++;
    }
    this.total -= n - left;
    this.compact();
    return n - left;
  }

  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/** Pod and slot state of one service's slice of the cluster. */
export class ClusterState {
  ready: number;
  /** Scheduled pods waiting for readiness, keyed by ready time. */
  private readonly starting = new Queue();
  /** App pods waiting for a node. */
  private pendingApp = 0;
  private pendingPlaceholders = 0;
  private placeholders: number;
  /** Node slots on their way, keyed by arrival time. */
  private readonly arriving = new Queue();
  /** Empty slots, keyed by the time their node would be removed. */
  private readonly free = new Queue();
  /** Free slots on the nodes that exist at the start (never removed within a run). */
  private initialFree: number;

  constructor(
    private readonly pods: ResolvedPods,
    initialReady: number,
  ) {
    this.ready = initialReady;
    this.placeholders = pods.headroomPods;
    this.initialFree = pods.freeSlots;
  }

  /** Pods that exist (ready, starting or pending): the Deployment's replicas once reconciled. */
  get total(): number {
    return this.ready + this.starting.total + this.pendingApp;
  }

  /** Applies everything due at `now`: node arrivals, readiness, empty-node removal. */
  advance(now: number): void {
    this.free.takeDue(now);
    const slots = this.arriving.takeDue(now);
    if (slots > 0) this.place(now, slots, now);
    this.ready += this.starting.takeDue(now);
  }

  /** Brings the pod count to `replicas` at time `now`. */
  scaleTo(now: number, replicas: number): void {
    const diff = replicas - this.total;
    if (diff > 0) this.add(now, diff);
    else if (diff < 0) this.remove(now, -diff);
  }

  private add(now: number, n: number): void {
    let left = n;
    left -= this.free.takeOldest(left);
    const fromInitial = Math.min(left, this.initialFree);
    this.initialFree -= fromInitial;
    left -= fromInitial;
    const preempted = Math.min(left, this.placeholders);
    this.placeholders -= preempted;
    this.pendingPlaceholders += preempted;
    left -= preempted;
    this.starting.push(now + this.pods.startupSeconds, n - left);
    this.pendingApp += left;
    this.requestNodes(now);
  }

  private remove(now: number, n: number): void {
    let left = n;
    const cancelled = Math.min(left, this.pendingApp);
    this.pendingApp -= cancelled;
    left -= cancelled;
    const notReady = this.starting.takeNewest(left);
    left -= notReady;
    const readyRemoved = Math.min(left, this.ready);
    this.ready -= readyRemoved;
    this.release(now, notReady + readyRemoved);
  }

  /** Slots freed by deleted pods: Pending placeholders take them first. */
  private release(now: number, slots: number): void {
    const back = Math.min(slots, this.pendingPlaceholders);
    this.pendingPlaceholders -= back;
    this.placeholders += back;
    this.free.push(now + this.pods.nodeScaleDownUnneededSeconds, slots - back);
  }

  /** Arrived slots go to Pending app pods (higher priority), then Pending placeholders, then stay free. */
  private place(now: number, slots: number, readyFrom: number): void {
    const app = Math.min(slots, this.pendingApp);
    this.pendingApp -= app;
    this.starting.push(readyFrom + this.pods.startupSeconds, app);
    const ph = Math.min(slots - app, this.pendingPlaceholders);
    this.pendingPlaceholders -= ph;
    this.placeholders += ph;
    this.free.push(now + this.pods.nodeScaleDownUnneededSeconds, slots - app - ph);
  }

  /** The cluster autoscaler asks for whole nodes covering every Pending pod not already covered. */
  private requestNodes(now: number): void {
    const uncovered = this.pendingApp + this.pendingPlaceholders - this.arriving.total;
    if (uncovered <= 0) return;
    const nodes = Math.ceil(uncovered / this.pods.podsPerNode);
    this.arriving.push(now + this.pods.nodeProvisioningSeconds, nodes * this.pods.podsPerNode);
  }
}
