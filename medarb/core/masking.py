"""Masking of personal data on screen: enough to recognise, not enough to misuse.

A mask is read together with everything else the same person may see. An 18-digit resident
ID is region (6) + birth date (8) + sequence (3, the last odd for men) + check digit (1, a
function of the other 17). The papers of a case print the party's birth date and gender, so
a mask that kept the last four (`110101********8515`) gave a read-only reader — supervisor,
statistician, unit admin, legal aid, court — the whole number. The mask therefore keeps only
the region: with the birth date and gender from the papers, 500 numbers remain possible
(the first two sequence digits and half of the third; the check digit follows from them).
`documents/tests/test_masks_combined.py` checks that union for every read-only role.
"""


def mask_id_number(value: str) -> str:
    """110101199003078515 → 110101************ (region kept; birth date, sequence and check
    digit hidden, since the papers already print the birth date)."""
    if not value:
        return ""
    if len(value) < 15:  # not a resident ID (passport, old permit …): almost nothing
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "*" * (len(value) - 6)


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678 (carrier prefix and last four; no paper prints more of a
    party's phone, so 10,000 numbers remain possible)."""
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
