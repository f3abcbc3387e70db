import { requestIdNote } from "../client/failure-messages";
import type { ListPath } from "../client/list-path";
import { clause } from "../errors";
import type {
  Auth,
  Measurements,
  Refusal,
  TestLink,
  UnknownLinkAnswer,
  WriteOutcome,
} from "./doctor-measurements";

/**
 * `smile-links doctor`'s verdict, from what its requests measured (doctor-probes.ts): which
 * reading of the docs the API follows (docs/reliability.md, "Before your first deploy to Smile
 * ID"), whether the provider is safe on it, and one line per finding saying what it means for
 * the provider.
 */

/** The object `--json` prints. */
export interface DoctorJson {
  ok: boolean;
  apiUrl: string;
  partnerId: string;
  auth: Auth;
  listPath: ListPath | null;
  markerInList: boolean | null;
  markerInGet: boolean | null;
  unknownLinkStatus: number | null;
  testLink?: TestLink | null;
  findings: string[];
}

export interface DoctorReport {
  json: DoctorJson;
  /** 0 when the provider is safe on this API, 1 when not or the credentials were refused. */
  exitCode: 0 | 1;
}

interface Markers {
  inList: boolean | null;
  inGet: boolean | null;
}

/**
 * The marker measurements: a test link's marker read back where `--write` measured it, else
 * whether existing links' answers carry `partner_params` at all (the field is where the marker
 * would be, so its presence is the read-only evidence).
 */
function markers(m: Measurements): Markers {
  const written = m.write?.made ? m.write : undefined;
  return {
    inList: written?.markerInList ?? m.paramsInList,
    inGet: written?.markerInGet ?? m.paramsInGet,
  };
}

function isRefusal(auth: Auth): auth is Refusal {
  return auth !== null && auth !== "ok";
}

/**
 * Why the provider is not safe on this API; none when signed requests are accepted, the list
 * answers, and some answer shows the marker. (A list that answers proves the credentials work.)
 */
function unsafeBecause(m: Measurements, { inList, inGet }: Markers): string[] {
  const reasons: string[] = [];
  if (isRefusal(m.auth)) reasons.push("the credentials were refused");
  else if (m.listPath === null) reasons.push("no list answered");
  if (inList === false && inGet === false) {
    reasons.push(
      "no answer shows the create marker, so a create whose answer is lost needs adoptRefId",
    );
  }
  return reasons;
}

/** Where a refused user looks: the flags and variables doctor reads, not stack config. */
const REFUSAL_CHECKS =
  "check the partner id (--partner-id or SMILE_ID_PARTNER_ID), the API key (SMILE_ID_API_KEY), " +
  "that the environment or API URL is the one the key was issued for (--environment, --api-url; " +
  "sandbox keys do not work in production), and this machine's clock, since every request is " +
  "signed with the current time";

function authFinding(m: Measurements): string {
  const { auth } = m;
  if (auth === "ok") {
    return `authorization: ok: Smile ID accepts partner ${m.partnerId}'s signed requests`;
  }
  if (auth === null) return "authorization: not known: no signed request was answered";
  const said = [auth.code, auth.text && clause(auth.text)].filter(Boolean).join(" ");
  return (
    `authorization: refused (HTTP ${auth.status}${said ? `: ${said}` : ""}` +
    `${requestIdNote(auth.requestId)}); ${REFUSAL_CHECKS}`
  );
}

function listPathFinding(m: Measurements): string {
  if (m.listPath === ":list") {
    return "list path: /smile_links/:list answers, as the docs write it; the provider finds it by itself";
  }
  if (m.listPath === "list") {
    return "list path: /smile_links/list answers (the docs write :list); the provider finds it by itself";
  }
  if (isRefusal(m.auth)) return "list path: not known: the credentials were refused";
  return (
    `list path: no list answered (${m.listFailure ?? "no answer"}); ` +
    "export, orphan adoption and the recovery of a create whose answer is lost cannot work"
  );
}

/** What the provider does after a lost create answer, given where answers show the marker. */
function markerFinding({ inList, inGet }: Markers, m: Measurements): string {
  const where = m.write?.made ? "the test link's marker" : "partner_params";
  if (inList === true) {
    return `${where}: shown in list answers: a create whose answer is lost finds its link by one list`;
  }
  if (inGet === true) {
    const list = inList === false ? "" : " (list answers not measured)";
    return (
      `${where}: shown only in get answers${list}: a create whose answer is lost gets each ` +
      "same-name candidate to find its link"
    );
  }
  if (inList === false && inGet === false) {
    return (
      `${where}: shown nowhere: a create whose answer is lost fails safe with an error naming ` +
      "the candidates; take one over with adoptRefId"
    );
  }
  const seen =
    inList === false
      ? "not shown in list answers; "
      : inGet === false
        ? "not shown in get answers; "
        : "";
  const why = m.listPath === null ? "no list answered" : "the account has no link to read";
  return (
    `${where}: ${seen}not measured (${why}); ` +
    "`smile-links doctor --write` (against the sandbox) makes a test link to measure it"
  );
}

function unknownLinkFinding(answer: UnknownLinkAnswer): string | undefined {
  switch (answer.kind) {
    case "skipped":
      return undefined;
    case "status":
      return answer.status === 404
        ? "unknown link: HTTP 404: the provider takes a link the API no longer knows as gone " +
            "(refresh drops it, destroy counts it done)"
        : `unknown link: HTTP ${answer.status}, not 404: refresh and destroy of a link deleted ` +
            "outside Pulumi fail instead of counting it gone (pulumi state delete removes it)";
    case "link":
      return (
        "unknown link: answered as if it existed: the provider cannot tell a link the API no " +
        "longer knows from one it does"
      );
    case "failed":
      return `unknown link: not measured (${answer.reason})`;
  }
}

function testLinkFindings(write: WriteOutcome | undefined): string[] {
  if (!write) return [];
  if (!write.made) return [`test link: ${write.outcome}`];
  const yesNo = (value: boolean | null) => (value === null ? "not measured" : value ? "yes" : "no");
  const readBack = `marker read back in get: ${yesNo(write.markerInGet)}, in list: ${yesNo(write.markerInList)}`;
  return write.testLinks.map(({ refId, disabled }) =>
    disabled
      ? `test link: ${refId} made and disabled (${readBack})`
      : `test link: ${refId} is still ENABLED: disabling it failed; disable it in the Smile ID ` +
        `portal (${readBack})`,
  );
}

function verdictFinding(reasons: string[]): string {
  return reasons.length === 0
    ? "verdict: safe: the provider works on this API"
    : `verdict: NOT safe: ${reasons.join("; ")}`;
}

/** The verdict and the findings, in the order the requests were made. */
export function doctorReport(m: Measurements): DoctorReport {
  const found = markers(m);
  const reasons = unsafeBecause(m, found);
  const safe = reasons.length === 0;
  const mode = m.write ? "with --write" : "read-only";
  // After a refusal nothing was measured, and the refusal says why.
  const measured = isRefusal(m.auth) ? [] : [markerFinding(found, m)];
  const findings = [
    `api: ${m.apiUrl}, partner ${m.partnerId} (${mode})`,
    authFinding(m),
    listPathFinding(m),
    ...measured,
    ...[unknownLinkFinding(m.unknownLink)].filter((line) => line !== undefined),
    ...testLinkFindings(m.write),
    ...m.problems,
    verdictFinding(reasons),
  ];
  const json: DoctorJson = {
    ok: safe,
    apiUrl: m.apiUrl,
    partnerId: m.partnerId,
    auth: m.auth,
    listPath: m.listPath,
    markerInList: found.inList,
    markerInGet: found.inGet,
    unknownLinkStatus: m.unknownLink.kind === "status" ? m.unknownLink.status : null,
    ...(m.write && { testLink: testLinkOf(m.write) }),
    findings,
  };
  return { json, exitCode: safe ? 0 : 1 };
}

/** The first test link; with more than one, disabled only when every one is. */
function testLinkOf(write: WriteOutcome): TestLink | null {
  if (!write.made) return null;
  const [first] = write.testLinks;
  return { refId: first.refId, disabled: write.testLinks.every((link) => link.disabled) };
}

/** The human output: one line per finding. */
export function renderText(report: DoctorReport): string {
  return report.json.findings.map((line) => `${line}\n`).join("");
}
