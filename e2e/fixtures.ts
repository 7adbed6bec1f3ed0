/**
 * Shared Playwright fixture: every test fails on an uncaught page error or on any request
 * that leaves localhost (the app must work offline).
 */
import { test as base, expect } from "@playwright/test";

export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
      page.on("request", (req) => {
        const url = new URL(req.url());
        const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
        if (!local && !["data:", "blob:"].includes(url.protocol)) problems.push(`request left localhost: ${req.url()}`);
      });
      await use();
      expect(problems, problems.join("\n")).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
