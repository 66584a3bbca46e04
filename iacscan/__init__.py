"""iacscan: an infrastructure-as-code security scanner."""

__version__ = "0.1.0"
