"""Masking of personal data on screen: enough to recognise, not enough to misuse."""


def mask_id_number(value: str) -> str:
    """110101199003078515 → 110101********8515 (region kept, birth date hidden)."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 4, 0) + value[-2:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """张三丰 → 张**, for public screens such as the waiting-room display."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
