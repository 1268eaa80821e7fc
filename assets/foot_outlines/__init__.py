"""Reference sole outlines, shipped in the wheel as the data package ``reflexmap.foot_outlines``."""
