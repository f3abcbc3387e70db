import { createHmac } from "node:crypto";

/** The three fields that authenticate each request body. */
export interface SignedFields {
  partner_id: string;
  timestamp: string;
  signature: string;
}

/**
 * Smile ID's request signature: base64 of HMAC-SHA256, keyed by the API key, over
 * `timestamp + partner_id + "sid_request"` (API docs, "Signing your API Request").
 */
export function computeSignature(apiKey: string, partnerId: string, timestamp: string): string {
  return createHmac("sha256", apiKey)
    .update(timestamp + partnerId + "sid_request")
    .digest("base64");
}

/**
 * A signer that holds the API key in its closure, so the key is never a property of any
 * object that could be logged, inspected or serialized. Each call signs with a fresh timestamp.
 */
export function createSigner(partnerId: string, apiKey: string): () => SignedFields {
  return () => {
    const timestamp = new Date().toISOString();
    return {
      partner_id: partnerId,
      timestamp,
      signature: computeSignature(apiKey, partnerId, timestamp),
    };
  };
}
