"""Minimal Thrift compact protocol codec, enough to take Parquet footers and page headers apart and
put them back together (make_bad_files.py edits single fields to build hostile files).

A struct decodes to a list of Field(id, type, value); values of nested structs are such lists, lists
decode to (element type, [values]). Encoding a decoded struct gives back the same bytes for the
canonical encodings Parquet writers emit.
"""
from dataclasses import dataclass

BOOL_TRUE, BOOL_FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(1, 13)


@dataclass
class Field:
    id: int
    type: int
    value: object


class Reader:
    def __init__(self, data: bytes, position: int = 0):
        self.data, self.position = data, position

    def byte(self) -> int:
        value = self.data[self.position]
        self.position += 1
        return value

    def varint(self) -> int:
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if b < 0x80:
                return result
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, ttype: int):
        if ttype in (BOOL_TRUE, BOOL_FALSE):
            return self.byte() == BOOL_TRUE  # only inside lists; fields carry the bool in the type
        if ttype == BYTE:
            return self.byte()
        if ttype in (I16, I32, I64):
            return self.zigzag()
        if ttype == DOUBLE:
            raw = self.data[self.position:self.position + 8]
            self.position += 8
            return raw
        if ttype == BINARY:
            size = self.varint()
            raw = self.data[self.position:self.position + size]
            self.position += size
            return raw
        if ttype in (LIST, SET):
            header = self.byte()
            size, etype = header >> 4, header & 0x0F
            if size == 15:
                size = self.varint()
            return etype, [self.value(etype) for _ in range(size)]
        if ttype == STRUCT:
            return self.struct()
        raise ValueError(f"unsupported thrift type {ttype} at {self.position}")

    def struct(self) -> list:
        fields, last = [], 0
        while True:
            header = self.byte()
            if header == 0:
                return fields
            delta, ftype = header >> 4, header & 0x0F
            fid = last + delta if delta else self.zigzag()
            if ftype in (BOOL_TRUE, BOOL_FALSE):
                fields.append(Field(fid, ftype, ftype == BOOL_TRUE))
            else:
                fields.append(Field(fid, ftype, self.value(ftype)))
            last = fid


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        if n < 0x80:
            out.append(n)
            return bytes(out)
        out.append((n & 0x7F) | 0x80)
        n >>= 7


def _zigzag(n: int) -> bytes:
    return _varint((n << 1) ^ (n >> 63))


def encode_value(ttype: int, value) -> bytes:
    if ttype in (BOOL_TRUE, BOOL_FALSE):
        return bytes([BOOL_TRUE if value else BOOL_FALSE])
    if ttype == BYTE:
        return bytes([value & 0xFF])
    if ttype in (I16, I32, I64):
        return _zigzag(value)
    if ttype == DOUBLE:
        return bytes(value)
    if ttype == BINARY:
        return _varint(len(value)) + bytes(value)
    if ttype in (LIST, SET):
        etype, items = value
        head = bytes([(len(items) << 4) | etype]) if len(items) < 15 else bytes([0xF0 | etype]) + _varint(len(items))
        return head + b"".join(encode_value(etype, item) for item in items)
    if ttype == STRUCT:
        return encode_struct(value)
    raise ValueError(f"unsupported thrift type {ttype}")


def encode_struct(fields: list) -> bytes:
    out, last = bytearray(), 0
    for field in fields:
        ftype = field.type
        if ftype in (BOOL_TRUE, BOOL_FALSE):
            ftype = BOOL_TRUE if field.value else BOOL_FALSE
        delta = field.id - last
        if 0 < delta <= 15:
            out.append((delta << 4) | ftype)
        else:
            out.append(ftype)
            out += _zigzag(field.id)
        if ftype not in (BOOL_TRUE, BOOL_FALSE):
            out += encode_value(ftype, field.value)
        last = field.id
    out.append(0)
    return bytes(out)


def get(fields: list, fid: int):
    for field in fields:
        if field.id == fid:
            return field
    return None
