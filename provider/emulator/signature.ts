import { createHmac } from "node:crypto";

/**
 * The signature the API expects, written from the API docs ("Signing your API Request") and
 * kept apart from the client's own (`client/signature.ts`): a client with a wrong formula must
 * fail against the emulator, not agree with it. Base64 of HMAC-SHA256, keyed by the partner's
 * API key, over the request's timestamp, then its partner id, then the text `sid_request`.
 */
export function expectedSignature(apiKey: string, partnerId: string, timestamp: string): string {
  const message = Buffer.from(`${timestamp}${partnerId}sid_request`, "utf8");
  return createHmac("sha256", Buffer.from(apiKey, "utf8")).update(message).digest("base64");
}
