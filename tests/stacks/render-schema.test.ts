import { expectAccepted, expectProblem } from "../helpers/config-problems";

const REFUSED =
  "must be rendered or a folder under rendered/ (relative to the project; it holds plaintext Secrets and rendered/ is ignored by git)";

/** Asserts the local stack file is accepted with its render directory set to `directory`. */
const accepts = (directory: string) =>
  expectAccepted("local", (s) => (s.render.directory = directory));

/** Asserts the local stack file is refused at the render directory when set to `directory`. */
const refuses = (directory: string) =>
  expectProblem(
    "local",
    (s) => (s.render.directory = directory),
    "platform:render.directory",
    REFUSED,
  );

/**
 * `platform:render.directory` (stacks/schema/render.ts): the rendered folder holds every Secret in
 * plain text, so it must be `rendered/` itself or a folder under it, which `.gitignore` excludes;
 * an absolute path, a sibling that only starts with the same letters, or a `..` segment that
 * climbs back out is refused.
 */
describe("environment schema: the render directory stays under rendered/", () => {
  it("rendered itself, a folder under it, a nested folder and a trailing slash are accepted", () => {
    accepts("rendered");
    accepts("rendered/local");
    accepts("rendered/ci/run-1");
    accepts("rendered/local/");
  });

  it("a folder outside rendered/ is refused, including one whose name only starts with rendered", () => {
    refuses("secrets");
    refuses("renderedx");
    refuses("rendered-local");
  });

  it("an absolute path is refused, even one ending in rendered", () => {
    refuses("/rendered");
    refuses("/tmp/rendered/local");
  });

  it("a .. segment that climbs out of rendered/ is refused", () => {
    refuses("rendered/../secrets");
    refuses("rendered/local/../../etc");
  });
});
