"""spinecoach: safe, guided therapeutic gymnastics for a spinal disc hernia and its prevention."""

__version__ = "0.1.0"
