import { randomBytes } from "node:crypto";
import type { SmileLinksClient } from "../client/client";
import { clause, type SmileLinksError } from "../errors";
import type { SmileLinkInputs } from "../link/types";
import { attempt, type TestLink, type WriteOutcome } from "./doctor-measurements";

/** `smile-links doctor --write`: one test link's round trip, which never leaves it enabled. */

/** The test link's name starts so; the rest is the time it was made, so each run's is unique. */
const TEST_LINK_NAME = "smile-links doctor test";

/**
 * A link that says who made it and when, and that harms nothing should it ever stay enabled:
 * single use and expiring within the hour (an interrupted doctor cannot disable it).
 */
function testLinkInputs(name: string, now: Date): SmileLinkInputs {
  return {
    name,
    companyName: "smile-links doctor",
    // The docs' own sample ID type.
    idTypes: [{ country: "NG", idType: "PASSPORT", verificationMethod: "doc_verification" }],
    callbackUrl: "https://example.com/smile-links-doctor/callback",
    dataPrivacyPolicyUrl: "https://example.com/smile-links-doctor/privacy",
    isSingleUse: true,
    expiresAt: new Date(now.getTime() + 60 * 60_000).toISOString(),
    isDisabled: false,
  };
}

type NonEmpty<T> = [T, ...T[]];

type ReadBack = Pick<WriteOutcome & { made: true }, "markerInGet" | "markerInList">;

/**
 * Creates the test link with a marker where the provider puts its own, reads the marker back
 * through get and list, and disables every link the create made, whatever failed on the way.
 */
export async function writeTestLink(
  client: SmileLinksClient,
  problems: string[],
): Promise<WriteOutcome> {
  const now = new Date();
  const name = `${TEST_LINK_NAME} ${now.toISOString()}`;
  const marker = `doctor.${randomBytes(8).toString("hex")}`;
  const made = await createTestLink(client, testLinkInputs(name, now), marker, problems);
  if (!Array.isArray(made)) return made;
  let readBack: ReadBack = { markerInGet: null, markerInList: null };
  let testLinks: NonEmpty<TestLink>;
  try {
    readBack = await readBackMarker(client, made[0], marker, problems);
  } finally {
    testLinks = await disableAll(client, made, problems);
  }
  return { made: true, testLinks, ...readBack };
}

/** The API may have made the link although the create failed: no answer, or a 5xx. */
function mayHaveMade(error: SmileLinksError): boolean {
  const status = error.details.status ?? 0;
  return error.details.ambiguous === true || status >= 500 || status === 408;
}

/**
 * The ref ids of the links the create made: the one its answer names, or, when the answer was
 * lost, every enabled link listed under the test link's name (unique to this run).
 */
async function createTestLink(
  client: SmileLinksClient,
  inputs: SmileLinkInputs,
  marker: string,
  problems: string[],
): Promise<NonEmpty<string> | WriteOutcome> {
  const created = await attempt(client.create(inputs, marker));
  if ("value" in created) return [created.value.refId];
  const { error } = created;
  if (!mayHaveMade(error)) return { made: false, outcome: `not made: ${clause(error.message)}` };
  const listed = await attempt(client.list());
  if ("error" in listed) {
    return {
      made: false,
      outcome:
        `the create's answer was lost (${clause(error.message)}) and the list failed ` +
        `(${clause(listed.error.message)}): look for an enabled link named "${inputs.name}" and disable it`,
    };
  }
  const found = listed.value
    .filter((link) => !link.isDisabled && link.name === inputs.name)
    .map((link) => link.refId);
  const [first, ...rest] = found;
  if (first === undefined) {
    return {
      made: false,
      outcome: `none made: the create's answer was lost (${clause(error.message)}) and no link named "${inputs.name}" is listed`,
    };
  }
  problems.push(
    `create: the answer was lost (${clause(error.message)}); the test link was found by its name`,
  );
  return [first, ...rest];
}

/** Whether the marker comes back through a get of the link, and through the list (all pages). */
async function readBackMarker(
  client: SmileLinksClient,
  refId: string,
  marker: string,
  problems: string[],
): Promise<ReadBack> {
  const got = await attempt(client.get(refId));
  if ("error" in got) problems.push(got.error.message);
  const listed = await attempt(client.list());
  if ("error" in listed) problems.push(listed.error.message);
  const entry = "value" in listed ? listed.value.find((link) => link.refId === refId) : undefined;
  if ("value" in listed && !entry) problems.push(`list: the test link ${refId} is not listed`);
  return {
    markerInGet: "value" in got ? got.value.createMarker === marker : null,
    markerInList: entry ? entry.createMarker === marker : null,
  };
}

/** Disables each link; one that fails is reported, and the others are still disabled. */
async function disableAll(
  client: SmileLinksClient,
  refIds: NonEmpty<string>,
  problems: string[],
): Promise<NonEmpty<TestLink>> {
  const [first, ...rest] = refIds;
  const testLinks: NonEmpty<TestLink> = [await disable(client, first, problems)];
  for (const refId of rest) testLinks.push(await disable(client, refId, problems));
  return testLinks;
}

async function disable(
  client: SmileLinksClient,
  refId: string,
  problems: string[],
): Promise<TestLink> {
  const answer = await attempt(client.update(refId, { isDisabled: true }));
  if ("error" in answer) problems.push(answer.error.message);
  return { refId, disabled: "value" in answer };
}
