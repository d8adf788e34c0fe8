// Clients for summitd's Connect gateway, generated from proto/. The session
// lives in an HttpOnly cookie that the browser sends by itself: no token
// ever passes through this code.
import { createClient } from "@connectrpc/connect";
import { ConnectError } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { BriefingService } from "./gen/summit/briefing/v1/briefing_service_pb";
import { DirectoryService } from "./gen/summit/directory/v1/directory_service_pb";
import { FeedService } from "./gen/summit/feed/v1/feed_service_pb";
import { MeetingService } from "./gen/summit/meetings/v1/meeting_service_pb";
import { NotificationService } from "./gen/summit/notifications/v1/notification_service_pb";
import { RecommendationService } from "./gen/summit/recommendations/v1/recommendation_service_pb";
import { ReviewService } from "./gen/summit/reviews/v1/review_service_pb";

const transport = createConnectTransport({
  baseUrl: location.origin,
  // Binary protobuf: the gateway passes it through untouched (JSON costs the
  // server a conversion of every answer: 0.5 s for a 1,000-row board).
  useBinaryFormat: true,
  fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
});

export const directory = createClient(DirectoryService, transport);
export const briefing = createClient(BriefingService, transport);
export const feed = createClient(FeedService, transport);
export const meetings = createClient(MeetingService, transport);
export const notifications = createClient(NotificationService, transport);
export const recommendations = createClient(RecommendationService, transport);
export const reviews = createClient(ReviewService, transport);

// The server's refusal as it said it, and the field it names ("email: …").
export interface Refusal {
  field: string;
  message: string;
  code: string;
}

export function refusalOf(error: unknown): Refusal {
  const ce = ConnectError.from(error);
  const message = ce.rawMessage;
  const match = /^([a-z_][a-z0-9_.]*(?:\[\d+\])?):\s/.exec(message);
  return { field: match ? match[1] : "", message, code: String(ce.code) };
}

// Turns a pasted token into the session cookie (admins only).
export async function useToken(token: string): Promise<Response> {
  return fetch("/auth/token", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "Connect-Protocol-Version": "1" },
    body: JSON.stringify({ token }),
  });
}

// A stable id for a create, so a retried click is not a second draft.
export function requestId(): string {
  return crypto.randomUUID();
}

// The summit the app works on: the first the directory lists (one summit is
// prepared at a time).
export async function currentSummit(): Promise<string> {
  return (await directory.listSummits({ pageSize: 1 })).summits[0]?.name ?? "";
}
