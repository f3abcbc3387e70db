import type { SmileLinksClient } from "../client/client";
import { clause } from "../errors";
import {
  attempt,
  refusalOf,
  type Attempt,
  type Auth,
  type Measurements,
  type UnknownLinkAnswer,
} from "./doctor-measurements";
import { writeTestLink } from "./doctor-test-link";

/** The requests `smile-links doctor` makes, and what each measured (doctor-report.ts judges). */

/** A ref id no API can have made for a link: its get shows how an unknown link is answered. */
const NO_SUCH_LINK = "smile-links-doctor-no-such-link";

/**
 * Signed requests that change nothing: the first list page (authorization, the list path,
 * partner params in list answers), a get of one listed link (partner params in get answers) and
 * a get of a link that cannot exist; with `write`, the test link's round trip too.
 */
export async function measure(client: SmileLinksClient, write: boolean): Promise<Measurements> {
  const problems: string[] = [];
  const base = { apiUrl: client.apiUrl, partnerId: client.partnerId, problems };
  const list = await attempt(client.firstListPage());
  if ("error" in list && list.error.details.refused) {
    // Every further request would be refused the same way.
    return {
      ...base,
      auth: refusalOf(list.error),
      listPath: null,
      paramsInList: null,
      paramsInGet: null,
      unknownLink: { kind: "skipped" },
      ...(write && { write: { made: false, outcome: "not made: the credentials were refused" } }),
    };
  }
  const page = "value" in list ? list.value : undefined;
  const links = page?.links ?? [];
  const [first] = links;
  const paramsInGet = first ? await paramsInGetOf(client, first.refId, problems) : null;
  const probe = await attempt(client.get(NO_SUCH_LINK));
  const probeRefused = "error" in probe && probe.error.details.refused === true;
  return {
    ...base,
    auth: authOf(page !== undefined, probe),
    listPath: page?.listPath ?? null,
    ...("error" in list && { listFailure: clause(list.error.message) }),
    paramsInList: first ? links.some((link) => link.paramsShown !== "absent") : null,
    paramsInGet,
    unknownLink: probeRefused ? { kind: "skipped" } : unknownLinkAnswer(probe),
    ...(write && {
      write: page
        ? await writeTestLink(client, problems)
        : {
            made: false,
            outcome:
              "not made: without a list that answers, a create whose answer is lost could " +
              "not be found again to disable it",
          },
    }),
  };
}

async function paramsInGetOf(
  client: SmileLinksClient,
  refId: string,
  problems: string[],
): Promise<boolean | null> {
  const got = await attempt(client.get(refId));
  if ("value" in got) return got.value.paramsShown !== "absent";
  problems.push(got.error.message);
  return null;
}

/** "ok" once a signed request was answered; a refusal of the unknown link's get; else unknown. */
function authOf(listAnswered: boolean, probe: Attempt<unknown>): Auth {
  if (listAnswered || "value" in probe) return "ok";
  return "error" in probe && probe.error.details.refused ? refusalOf(probe.error) : null;
}

function unknownLinkAnswer(probe: Attempt<unknown>): UnknownLinkAnswer {
  if ("value" in probe) return { kind: "link" };
  const { status } = probe.error.details;
  return status === undefined
    ? { kind: "failed", reason: clause(probe.error.message) }
    : { kind: "status", status };
}
