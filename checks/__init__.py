"""Built-in iacscan checks, shipped in the wheel as the `iacscan_checks` package."""
