"""Value formatting of `rankd parquet cat`, shared by make_expected.py and check_float_format.py.

The Swift reader prints rows with the same rules; README.md states them in prose. Every function
here returns the JSON text of one value (already quoted where it is a string).
"""
import base64
import datetime
import decimal
import math
from decimal import Decimal

import numpy as np

# Swift's description switches to exponent form above these magnitudes (2^53 for Double, 2^24 for
# Float): measured with swiftc 6.3, see check_float_format.py.
DOUBLE_POSITIONAL_MAX = 2.0**53
FLOAT_POSITIONAL_MAX = 2.0**24

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def json_string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _shortest_digits(text: str) -> tuple[str, int]:
    """Significant digits (no trailing zeros) and scientific exponent of a non-zero repr string."""
    _, digits, exponent = Decimal(text).normalize().as_tuple()
    ds = "".join(map(str, digits))
    return ds, exponent + len(ds) - 1


def _swift_layout(negative: bool, digits: str, sci_exp: int, exponential: bool) -> str:
    sign = "-" if negative else ""
    if exponential:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return "%s%se%s%02d" % (sign, mantissa, "-" if sci_exp < 0 else "+", abs(sci_exp))
    if sci_exp < 0:
        return sign + "0." + "0" * (-sci_exp - 1) + digits
    integer = digits[: sci_exp + 1].ljust(sci_exp + 1, "0")
    fraction = digits[sci_exp + 1 :] or "0"
    return sign + integer + "." + fraction


def _non_finite(value: float) -> str | None:
    if math.isnan(value):
        return '"NaN"'
    if math.isinf(value):
        return '"Infinity"' if value > 0 else '"-Infinity"'
    return None


def _format_binary_float(value: float, shortest: str, positional_max: float) -> str:
    special = _non_finite(value)
    if special is not None:
        return special
    negative = math.copysign(1.0, value) < 0
    if value == 0:
        return "-0.0" if negative else "0.0"
    digits, sci_exp = _shortest_digits(shortest.lstrip("-"))
    exponential = abs(value) > positional_max or sci_exp < -4
    return _swift_layout(negative, digits, sci_exp, exponential)


def format_double(value: float) -> str:
    """Swift `Double.description`: shortest round-trip digits (Python repr gives the same digits)."""
    value = float(value)
    return _format_binary_float(value, repr(value), DOUBLE_POSITIONAL_MAX)


def format_float(value) -> str:
    """Swift `Float.description`: shortest digits that round-trip through float32."""
    f32 = np.float32(value)
    if not np.isfinite(f32):
        return _non_finite(float(f32))
    shortest = np.format_float_scientific(f32, unique=True, trim="-")
    return _format_binary_float(float(f32), shortest, FLOAT_POSITIONAL_MAX)


def format_decimal(value: Decimal, scale: int) -> str:
    exact = decimal.Context(prec=200)
    unscaled = int(value.scaleb(scale, context=exact))
    if Decimal(unscaled).scaleb(-scale, context=exact) != value:
        raise ValueError(f"decimal {value} does not fit scale {scale}")
    sign = "-" if unscaled < 0 else ""
    digits = str(abs(unscaled))
    if scale <= 0:
        return json_string(sign + digits + "0" * -scale)
    digits = digits.rjust(scale + 1, "0")
    return json_string(sign + digits[:-scale] + "." + digits[-scale:])


def format_bytes(value: bytes) -> str:
    return json_string(base64.b64encode(value).decode("ascii"))


def format_text(value: bytes) -> str:
    return json_string(value.decode("utf-8", errors="replace"))


_EPOCH = datetime.datetime(1970, 1, 1)
_UNIT_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def format_timestamp(stored: int, unit: str) -> str:
    """ISO 8601 wall time of the stored count; integer when outside years 1...9999."""
    micros = stored * 1_000_000 // _UNIT_PER_SECOND[unit]  # floor: toward the earlier microsecond
    try:
        moment = _EPOCH + datetime.timedelta(microseconds=micros)
    except OverflowError:
        return str(stored)
    return json_string(moment.isoformat())


def format_date(days: int) -> str:
    try:
        day = datetime.date(1970, 1, 1) + datetime.timedelta(days=days)
    except OverflowError:
        return str(days)
    return json_string(day.isoformat())


def format_time(stored: int, unit: str) -> str:
    micros = stored * 1_000_000 // _UNIT_PER_SECOND[unit]
    if not 0 <= micros < 86_400_000_000:
        return str(stored)
    seconds, micro = divmod(micros, 1_000_000)
    moment = datetime.time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)
    return json_string(moment.isoformat())


JULIAN_DAY_OF_UNIX_EPOCH = 2_440_588
NANOS_PER_DAY = 86_400_000_000_000


def format_int96(nanos_of_day: int, julian_day: int) -> str:
    """INT96 = signed int64 nanoseconds of day + signed int32 Julian day, combined exactly (no wrap)."""
    return format_timestamp((julian_day - JULIAN_DAY_OF_UNIX_EPOCH) * NANOS_PER_DAY + nanos_of_day, "ns")
