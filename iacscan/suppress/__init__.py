"""Inline suppressions: find them in source text (`comments`) and resource metadata
(`metadata`), match them to findings under the gate's rules (`apply`), audit them (`audit`).
`model` is a leaf that `iacscan.findings` imports, so this package imports nothing eagerly.
See docs/ci.md for the syntax and the gate settings."""
