// ESLint flat config: typescript-eslint's recommended rules plus Pulumi's own lint rules.
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
    { ignores: ["node_modules/**", "bin/**", "policy-pack/node_modules/**", "**/*.js"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
);
