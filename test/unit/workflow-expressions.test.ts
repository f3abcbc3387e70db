import { describe, expect, it } from "vitest";
import { evaluate, interpolate } from "../helpers/workflow-expressions";

/** The expressions of the CI example, as the rehearsal evaluates them (GitHub's own library). */
const context = {
  github: {
    event_name: "pull_request",
    repository: "acme/links",
    event: { pull_request: { number: 7, head: { repo: { full_name: "acme/links" } } } },
  },
  vars: { PULUMI_BACKEND_URL: "s3://state" },
  secrets: {},
  matrix: { stack: "sandbox" },
};

describe("the rehearsal's expressions", () => {
  it.each([
    ["github.event_name == 'pull_request'", true],
    ["github.event_name == 'push'", false],
    [
      "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository",
      true,
    ],
    ["github.event_name != 'pull_request_target'", true],
  ])("%s is %s", (expression, value) => {
    expect(evaluate(expression, context)).toBe(value);
  });

  it("tells the status functions whether a step failed before", () => {
    expect(evaluate("failure()", context, true)).toBe(true);
    expect(evaluate("!cancelled()", context, true)).toBe(true);
    expect(evaluate("success()", context, true)).toBe(false);
  });

  it("fills in ${{ }} with values, empty for a variable or secret that is not set", () => {
    expect(interpolate("preview-${{ matrix.stack }}", context)).toBe("preview-sandbox");
    expect(interpolate("${{ secrets.MISSING }}", context)).toBe("");
    expect(interpolate("${{ vars.PROVIDER || 'default' }}", context)).toBe("default");
  });
});
