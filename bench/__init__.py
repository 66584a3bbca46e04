"""Benchmark: a synthetic IaC corpus (`bench.corpus`) and iacscan vs. Checkov (`bench.run`)."""
