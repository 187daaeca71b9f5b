"""ID payloads built for tests: MRZs with their check digits, AAMVA barcode texts.

The check digit here is written independently of core.idparse.mrz (a lookup table), so a
mistake in one does not hide in the other; the ICAO specimens pin both down.
"""

from __future__ import annotations

import string

# The JSON object of `vartio id parse`, key by key in order: the exact contract.
CONTRACT_KEYS = [
    "ok",
    "kind",
    "document_type",
    "issuing_country",
    "surname",
    "given_names",
    "birth_date",
    "expiry_date",
    "expired",
    "sex",
    "number_last4",
    "errors",
]

_VALUES = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)} | {"<": 0}


def cd(field: str) -> str:
    return str(sum(_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


def pad(text: str, width: int) -> str:
    return (text + "<" * width)[:width]


def names(surname: str, given: str, width: int) -> str:
    return pad(surname.replace(" ", "<") + "<<" + given.replace(" ", "<"), width)


def td3(
    number: str = "X12345678",
    country: str = "FIN",
    birth: str = "900101",
    sex: str = "F",
    expiry: str = "340101",
    personal: str = "",
    surname: str = "VIRTANEN",
    given: str = "AINO MARIA",
    doc: str = "P<",
) -> str:
    number, personal = pad(number, 9), pad(personal, 14)
    personal_cd = "<" if set(personal) == {"<"} else cd(personal)
    body = number + cd(number) + country + birth + cd(birth) + sex + expiry + cd(expiry)
    body += personal + personal_cd
    composite = body[0:10] + body[13:20] + body[21:43]
    return "\n".join([doc + country + names(surname, given, 39), body + cd(composite)])


def td2(
    number: str = "X12345678",
    country: str = "FIN",
    birth: str = "900101",
    sex: str = "M",
    expiry: str = "340101",
    optional: str = "",
    surname: str = "KORHONEN",
    given: str = "MATTI",
    doc: str = "I<",
) -> str:
    if len(number) > 9:  # the rest of a long number, its check digit and < go in optional data
        optional = number[9:] + cd(number) + "<" + optional
        number, number_cd = number[:9], "<"
    else:
        number = pad(number, 9)
        number_cd = cd(number)
    body = number + number_cd + country + birth + cd(birth) + sex + expiry + cd(expiry)
    body += pad(optional, 7)
    composite = body[0:10] + body[13:20] + body[21:35]
    return "\n".join([doc + country + names(surname, given, 31), body + cd(composite)])


def td1(
    number: str = "X12345678",
    country: str = "FIN",
    birth: str = "900101",
    sex: str = "F",
    expiry: str = "340101",
    optional: str = "",
    surname: str = "NIEMINEN",
    given: str = "LIISA",
    doc: str = "ID",
) -> str:
    if len(number) > 9:
        optional = number[9:] + cd(number) + "<" + optional
        number, number_cd = number[:9], "<"
    else:
        number = pad(number, 9)
        number_cd = cd(number)
    one = doc + country + number + number_cd + pad(optional, 15)
    two = birth + cd(birth) + sex + expiry + cd(expiry) + country + pad("", 11)
    composite = one[5:30] + two[0:7] + two[8:15] + two[18:29]
    return "\n".join([one, two + cd(composite), names(surname, given, 30)])


def aamva(
    elements: dict[str, str],
    iin: str = "636014",
    version: int = 9,
    doc: str = "DL",
    offset_error: int = 0,
) -> str:
    """A compliant AAMVA text: header, one designator, the subfile (and a jurisdiction one)."""
    body = doc + "".join(f"{k}{v}\n" for k, v in elements.items()) + "\r"
    extra = "ZCZCAVISITOR\nZCBNONE\r"
    header_len = 4 + 5 + 6 + 2 + (2 if version >= 2 else 0) + 2 + 2 * 10
    head = f"@\n\x1e\rANSI {iin}{version:02d}" + ("01" if version >= 2 else "") + "02"
    head += f"{doc}{header_len + offset_error:04d}{len(body):04d}"
    head += f"ZC{header_len + len(body):04d}{len(extra):04d}"
    assert len(head) == header_len
    return head + body + extra


US_ELEMENTS = {
    "DCA": "C",
    "DCB": "NONE",
    "DCD": "NONE",
    "DBA": "03152034",
    "DCS": "SMITH",
    "DAC": "JANE",
    "DAD": "ANN",
    "DBD": "03152023",
    "DBB": "08121974",
    "DBC": "2",
    "DAY": "BLU",
    "DAU": "065 IN",
    "DAG": "123 MAIN ST",
    "DAI": "SACRAMENTO",
    "DAJ": "CA",
    "DAK": "958230000",
    "DAQ": "D1234567",
    "DCF": "00/00/0000NNNAN/ANFD",
    "DCG": "USA",
    "DDE": "N",
    "DDF": "N",
    "DDG": "N",
}

CA_ELEMENTS = US_ELEMENTS | {
    "DBA": "20340315",
    "DBB": "19740812",
    "DBD": "20230315",
    "DCS": "TREMBLAY",
    "DAC": "LUC",
    "DAD": "NONE",
    "DBC": "1",
    "DAJ": "ON",
    "DAQ": "T1234-56789-01234",
    "DCG": "CAN",
}

AAMVA_US = aamva(US_ELEMENTS)
AAMVA_CA = aamva(CA_ELEMENTS, iin="636012")
