import { beforeAll, describe, expect, test } from "vitest";
import { type DemoWorkspace, demoWorkspace, expectApiError, request, signIn, unknownId } from "../helpers/api.ts";
import { sharedTestServer } from "../helpers/testServer.ts";

const server = sharedTestServer();
let demo: DemoWorkspace;

beforeAll(async () => {
  demo = await demoWorkspace(server.current.url);
});

/** Every route of DESIGN.md's API table but sign-in, with a body that would be valid for a lead. */
const routes: {
  method: string;
  path: (ids: { group: string; draft: string; section: string }) => string;
  body?: unknown;
}[] = [
  { method: "GET", path: () => "/api/me" },
  { method: "DELETE", path: () => "/api/session" },
  { method: "GET", path: () => "/api/groups" },
  { method: "GET", path: ({ group }) => `/api/groups/${group}` },
  { method: "POST", path: ({ group }) => `/api/groups/${group}/drafts`, body: { title: "A new draft" } },
  { method: "GET", path: ({ draft }) => `/api/drafts/${draft}` },
  { method: "POST", path: ({ draft }) => `/api/drafts/${draft}/sections`, body: { title: "A new section" } },
  { method: "PATCH", path: ({ section }) => `/api/sections/${section}`, body: { title: "Renamed" } },
];

function wg1Ids() {
  return { group: demo.wg1.id, draft: demo.doctrine.id, section: demo.section(1) };
}

function unknownIds() {
  return { group: unknownId(), draft: unknownId(), section: unknownId() };
}

describe("every API route", () => {
  const labelled = routes.map((route) => ({
    ...route,
    label: `${route.method} ${route.path({ group: ":groupId", draft: ":draftId", section: ":sectionId" })}`,
  }));

  for (const { method, path, body, label } of labelled)
    test(`${label} without a session is 401`, async () => {
      expectApiError(await request(server.current.url, method, path(wg1Ids()), { body }), 401, "unauthorized");
    });

  for (const { method, path, body, label } of labelled)
    test(`${label} with a token that was never issued is 401`, async () => {
      const result = await request(server.current.url, method, path(wg1Ids()), { body, token: "A".repeat(43) });
      expectApiError(result, 401, "unauthorized");
    });

  for (const { method, path, body, label } of labelled)
    test(`${label} with a revoked token is 401`, async () => {
      const usa = await signIn(server.current.url, "usa");
      expect((await usa.request("DELETE", "/api/session")).status).toBe(204);
      expectApiError(await usa.request(method, path(wg1Ids()), body), 401, "unauthorized");
    });

  const groupScoped = labelled.filter(({ path }) =>
    path({ group: "g", draft: "d", section: "s" }).match(/\/(g|d|s)(\/|$)/),
  );
  for (const { method, path, body, label } of groupScoped)
    test(`${label} answers a non-member exactly as it answers an unknown id: 404`, async () => {
      const gha = await signIn(server.current.url, "gha");
      const outsider = await gha.request(method, path(wg1Ids()), body);
      const unknown = await gha.request(method, path(unknownIds()), body);
      expectApiError(outsider, 404, "not_found");
      expect(outsider.status).toBe(unknown.status);
      expect(outsider.body).toEqual(unknown.body);
    });

  test("there are five routes that take a group, draft or section id", () => {
    expect(groupScoped).toHaveLength(5);
  });
});
