"""Checks that apply to every framework, such as hard-coded secrets."""
