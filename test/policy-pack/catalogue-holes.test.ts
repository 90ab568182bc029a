/**
 * Issue 12 "catalogue holes" and issue 16 "ServiceAccount automount", what does not fit the per-policy tables
 * (automount-service-account-token and namespace-default-deny in cases/): undecided findings (a ServiceAccount
 * outside the stack, a token audience unknown during preview).
 */
import { Finding } from "../../policy-pack/lib/types";
import { run } from "./cases/case";
import { pod, sa, withToken } from "./cases/fixtures/holes-pods";
import { preview, unknownString } from "./coverage-helpers";

const violations = (fs: Finding[]) => fs.filter((f) => !f.undecided);
const undecided = (fs: Finding[]) => fs.filter((f) => f.undecided);

describe("automount-service-account-token", () => {
    test("a ServiceAccount of another namespace does not count: undecided, not a violation", () => {
        const f = run("automount-service-account-token", [
            sa("web", "other", false),
            pod({ serviceAccountName: "web" }),
        ]);
        expect(violations(f)).toEqual([]);
        expect(undecided(f).map((x) => x.message)).toEqual([
            expect.stringContaining('"apps/web" is not in this stack'),
        ]);
    });

    test("a projected token whose audience is unknown during preview is undecided", () => {
        const p = withToken({ audience: unknownString });
        const f = run("automount-service-account-token", [{ ...p, props: preview(p.props) }]);
        expect(violations(f)).toEqual([]);
        expect(undecided(f).map((x) => x.message)).toEqual([
            expect.stringContaining('"tok" is unknown until apply'),
        ]);
    });
});
