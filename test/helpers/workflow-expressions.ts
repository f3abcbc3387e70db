import { data, Evaluator, Lexer, Parser } from "@actions/expressions";

/**
 * GitHub Actions expressions, evaluated by GitHub's own library: `if:` conditions and the
 * `${{ }}` in values, with the status functions a runner gives them.
 */

/** The contexts an expression reads: github, secrets, vars, matrix, env, runner... */
export type Context = Record<string, unknown>;

/** Evaluates one expression (without `${{ }}`) against `context`; status functions included. */
export function evaluate(expression: string, context: Context, failed = false): unknown {
  const statusFunctions = {
    success: () => !failed,
    failure: () => failed,
    always: () => true,
    cancelled: () => false,
  };
  const infos = Object.keys(statusFunctions).map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  const { tokens } = new Lexer(expression).lex();
  const tree = new Parser(tokens, Object.keys(context), infos).parse();
  const functions = new Map(
    Object.entries(statusFunctions).map(([name, call]) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(call()) },
    ]),
  );
  const dictionary = JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary;
  const result = new Evaluator(tree, dictionary, functions).evaluate();
  return JSON.parse(JSON.stringify(result, data.replacer));
}

/** A string with each `${{ expression }}` replaced by its value. */
export function interpolate(text: string, context: Context): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
    const value = evaluate(expression.trim(), context);
    return value === null || value === undefined ? "" : String(value);
  });
}

/** An `if:` condition: bare, or wrapped in `${{ }}` as GitHub allows. */
export function condition(text: string | undefined, context: Context, failed: boolean): boolean {
  if (text === undefined) return !failed;
  const bare = text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  return Boolean(evaluate(bare, context, failed));
}
