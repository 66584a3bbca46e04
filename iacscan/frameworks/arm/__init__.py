"""The Azure Resource Manager (ARM) template adapter.

Importing this package is cheap: cfn-lint's decoder is imported only when a template is parsed.
"""

from iacscan.frameworks.arm.adapter import ArmAdapter
from iacscan.frameworks.arm.detect import looks_like_arm

__all__ = ["ArmAdapter", "looks_like_arm"]
