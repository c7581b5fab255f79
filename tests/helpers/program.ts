import { expect } from "chai";
import {
  ProgramFailure,
  ProgramRun,
  RegisteredResource,
  runProgram,
  RunOptions,
} from "../../scripts/lib/program";
import { awsEnvironments } from "../../stacks/load";

const cache = new Map<string, Promise<ProgramRun>>();
let queue: Promise<unknown> = Promise.resolve();

/** Runs the program serially (the Pulumi runtime is process-global). */
export function run(opts: RunOptions): Promise<ProgramRun> {
  const next = queue.then(() => runProgram(opts));
  queue = next.catch(() => undefined);
  return next;
}

/** The run of a shipped environment's stack file, computed once per test process. */
export function runStack(stack: string): Promise<ProgramRun> {
  let p = cache.get(stack);
  if (!p) {
    p = run({ stack });
    cache.set(stack, p);
  }
  return p;
}

/** Runs the program expecting it to fail; returns the failure. */
export async function runFailing(opts: RunOptions): Promise<ProgramFailure> {
  try {
    await run(opts);
  } catch (err) {
    expect(err).to.be.instanceOf(ProgramFailure);
    return err as ProgramFailure;
  }
  throw new Error(`expected the ${opts.stack} program to fail, but it succeeded`);
}

/** Resources of a type. */
export function ofType(r: ProgramRun, type: string): RegisteredResource[] {
  return r.resources.filter((x) => x.type === type);
}

/** The single resource of a type (optionally with the given name); fails the test otherwise. */
export function one(r: ProgramRun, type: string, name?: string): RegisteredResource {
  const found = ofType(r, type).filter((x) => name === undefined || x.name === name);
  expect(found, `${type}${name ? ` named ${name}` : ""}`).to.have.length(1);
  return found[0];
}

/** The resource with a URN. */
export function byUrn(r: ProgramRun, urn: string): RegisteredResource {
  const found = r.resources.find((x) => x.urn === urn);
  if (!found) throw new Error(`no resource with URN ${urn}`);
  return found;
}

/**
 * Whether the engine creates `resource` only after `dependency`: it depends on it, or its parent
 * (or a parent of that) does, since a child is registered only once its parent is, and a parent
 * only once its own `dependsOn` exist.
 */
export function waitsFor(
  r: ProgramRun,
  resource: RegisteredResource,
  dependency: RegisteredResource,
): boolean {
  if (resource.dependencies.includes(dependency.urn)) return true;
  const parent = r.resources.find((x) => x.urn === resource.parent);
  return parent !== undefined && waitsFor(r, parent, dependency);
}

/**
 * Every environment whose stack file builds AWS, from the stack files present (a new one joins
 * every per-environment test by existing; render-only environments have tests of their own).
 */
export const SHIPPED = awsEnvironments();
