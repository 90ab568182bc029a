/** Issue 13, item 5: Harbor's projects wait for phase 2 (harbor.apiReachable), with one line saying what to do. */
import { harborProjectsPending } from "../../components/registry/harborGate";

const base = { enabled: true, apiReachable: false, host: "harbor.example.com", projects: ["apps", "base"] };

test("phase 1: one pending line naming the projects, the host, the check and the key", () => {
    const m = harborProjectsPending(base)!;
    expect(m.split("\n")).toHaveLength(1);
    expect(m).toMatch(/^Harbor projects pending \(apps, base\): point DNS for harbor\.example\.com/);
    expect(m).toContain("curl https://harbor.example.com/api/v2.0/ping");
    expect(m).toContain("pulumi config set harbor.apiReachable true");
});

test("phase 2, Harbor off, or no projects: nothing pending", () => {
    expect(harborProjectsPending({ ...base, apiReachable: true })).toBeUndefined();
    expect(harborProjectsPending({ ...base, enabled: false })).toBeUndefined();
    expect(harborProjectsPending({ ...base, projects: [] })).toBeUndefined();
});
