"""The Swedish texts AdkGetErrorText gives for each component of an ADK_ERROR (lRc, lDbTable, lField, lFunction,
lProgramPart).

Why: integrations show these texts to users and log them (S7 lists the ones users see), so a fake that answers in
English or with bare numbers would change what a scenario's transfer log says. Where a text is known from S7 it is
used verbatim; the others are plain Swedish written for the fake [I] and documented as such. Function names are
the DLL's export names (what a developer searches for), table and field names the program's Swedish terms.
"""

from __future__ import annotations

from typing import Any

from simulators.adk import constants as adk
from simulators.adk import tables

# lRc: errors and warnings. Verbatim from S7 (Visma Severa support, "Visma Administration felmeddelanden"):
# ADKE_INVALID_ADM_PATH, ADKE_INVALID_PATH_COMPANY, ADKE_NO_DB_OPEN, ADKE_APP_OLD. The rest [I].
ERROR_TEXTS: dict[int, str] = {
    adk.ADKE_OK: "Inget fel",
    adk.ADKE_INTERNAL: "Internt fel",
    adk.ADKE_OOF_EDIT_DENIED: "Dokumentet får inte ändras",
    adk.ADKE_NOT_PRINTED_IF_NOT_READY: "Dokumentet kan inte markeras som utskrivet när det är markerat som ej klart",
    adk.ADKE_EDIT_DENIED_OBLITERATED: "Ändring nekad. Dokumentet är makulerat",
    adk.ADKE_EDIT_DENIED_PRINTED: "Ändring nekad. Dokumentet är utskrivet",
    adk.ADKE_COULD_NOT_FIND_ARTICLE: "Artikeln hittades inte",
    adk.ADKE_COULD_NOT_FIND_CUSTOMER: "Kunden hittades inte",
    adk.ADKE_INVOICE_EDIT_DENIED_ALREADY_IN_LEDGER: "Ändring nekad. Fakturan är redan överförd till kundreskontran",
    adk.ADKE_INVALID_STRING: "Ogiltig sträng",
    adk.ADKE_CUSTOMER_INVALID_SELLER: "Ogiltig säljare",
    adk.ADKE_INVALID_PAYMENT_TERMS: "Ogiltiga betalningsvillkor",
    adk.ADKE_INVALID_CURRENCY_CODE: "Ogiltig valutakod",
    adk.ADKE_INVALID_LAUNGUAGE_CODE: "Ogiltig språkkod",
    adk.ADKE_ARTICLE_INVALID_UNITCODE: "Ogiltig enhetskod",
    adk.ADKE_OOF_INVALID_CUSTOMER: "Ogiltig kund",
    adk.ADKE_OOF_INVALID_ARTICLE: "Ogiltig artikel",
    adk.ADKE_CUSTOMER_INVALID_CUSTOMERNR: "Ogiltigt kundnummer",
    adk.ADKE_INVALID_DB_NEWER: "Företagets databas har en nyare version än API:et",
    adk.ADKE_INVALID_DB_OLDER: "Företagets databas har en äldre version än API:et",
    adk.ADKE_BOF: "Början av tabellen",
    adk.ADKE_EOF: "Slut på tabellen",
    adk.ADKE_NO_DB_OPEN: "Ingen databas öppen",
    adk.ADKE_UNKNON_DB_FIELD: "Okänt databasfält",
    adk.ADKE_INVALID_DATA_TYPE: "Felaktig datatyp för fältet",
    adk.ADKE_NOT_VALID_SORTORDER: "Ogiltig sorteringsordning",
    adk.ADKE_COULD_NOT_FIND_SUPPLIER: "Leverantören hittades inte",
    adk.ADKE_INVALID_DB: "Ogiltig databastabell",
    adk.ADKE_INVALID_CONTROLNR: "Felaktigt kontrollnummer (organisationsnummer)",
    adk.ADKE_CUSTOMERPAYMENT_ZERO_NOT_ALLOWED: "En kundbetalning kan inte vara noll",
    adk.ADKE_EDIT_DENIED_FIELD: "Fältet får inte ändras",
    adk.ADKE_INVALID_INVOICE_TYPE: "Ogiltig fakturatyp",
    adk.ADKE_INVALID_INDEX: "Ogiltigt index",
    adk.ADKE_NO_KEY: "Nyckelvärde saknas",
    adk.ADKE_LONG_TO_DATE: "Datumet kunde inte omvandlas",
    adk.ADKE_TO_SHORT_STRING: "Strängen är för kort för värdet",
    adk.ADKE_NOT_FOUND: "Posten hittades inte",
    adk.ADKE_INVALID_PATH_COMPANY: "Felaktig sökväg till företag",
    adk.ADKE_INVALID_NET_LICENCE: "Ogiltig nätverkslicens",
    adk.ADKE_APP_OLD: (
        "Versionen av API:et är äldre än versionen av Visma Administration. "
        "Uppdatera eller reparera installationen av Visma Administration"
    ),
    adk.ADKE_APP_NEW: (
        "Versionen av API:et är nyare än versionen av Visma Administration. "
        "Uppdatera installationen av Visma Administration"
    ),
    adk.ADKE_CANT_OPEN_FILE: "Filen kunde inte öppnas",
    adk.ADKE_TOO_MANY_LICENCE: "För många användare. Alla licenser används",
    adk.ADKE_INVALID_ADM_PATH: "Felaktig sökväg till gemensamma filer för Visma Administration",
    adk.ADKE_DATE_TO_LONG: "Felaktigt datum",
    adk.ADKE_NO_NAME: "Namn saknas",
    adk.ADKE_EDIT_DENIED_INVOICE_PAYED: "Ändring nekad. Fakturan är betald",
    adk.ADKE_EDIT_DENIED_PAYMENTS_ON_INVOICE: "Ändring nekad. Det finns betalningar på fakturan",
    adk.ADKE_INVLAID_ACCOUNT: "Ogiltigt konto",
    adk.ADKE_INVLAID_PROJECT: "Ogiltigt projekt",
    adk.ADKE_INVLAID_RESULT_UNIT: "Ogiltig resultatenhet",
    adk.ADKE_DELETE_DENIED: "Borttagning nekad",
    adk.ADKE_END_BEFORE_START: "Slutdatum ligger före startdatum",
    adk.ADKE_INVALID_INVOICE: "Ogiltig faktura",
    adk.ADKE_NO_SEARCH_VALUE: "Sökvärde saknas",
    adk.ADKE_TOO_MANY_SIGNS: "För många tecken",
    adk.ADKE_TOO_MANY_DECIMALS: "För många decimaler",
    adk.ADKE_INVALID_ROW_TYPE: "Ogiltig radtyp",
    adk.ADKE_FIELD_NOT_IN_ADM_VER: "Fältet finns inte i denna version av Visma Administration",
    adk.ADKE_INVALID_STRUCT_POINTER: "Ogiltig pekare till datastruktur",
    adk.ADKE_INVALID_STRUCT_POINTER_TO_ROW: "Ogiltig pekare till radstruktur",
    adk.ADKE_KEY_TAKEN_IN_NUMBERSERIES: "Numret är redan använt i nummerserien",
    adk.ADKE_QUANTITY_0: "Antalet är noll",
    adk.ADKE_NO_ARTNR: "Artikelnummer saknas",
    adk.ADKE_DENIED_CREDIT_CREDIT_INVOICE: "En kreditfaktura kan inte krediteras",
    adk.ADKE_DENIED_CREDIT_OBLITERATED_INVOICE: "En makulerad faktura kan inte krediteras",
    adk.ADKE_INVALID_TYPE_TO_COPY: "Ogiltigt val av vad som ska kopieras till kreditfakturan",
    adk.ADKW_CREDIT_LIMIT: "Varning: kundens kreditgräns överskrids",
    adk.ADKE_NO_CHANGE_CLOSED_PROJECT1: "Det går inte att ändra ett avslutat projekt",
    adk.ADKE_DBTABLE_NOT_IN_ADM_VER: "Tabellen finns inte i denna version av Visma Administration",
    adk.ADKE_INVALID_COUNTRY_CODE: "Ogiltig landskod",
    adk.ADKE_SORTORDER_NOT_IN_ADM_VER: "Sorteringsordningen finns inte i denna version av Visma Administration",
    adk.ADKE_INVOICENR_ALREADY_EXIST: "Fakturanumret finns redan registrerat för leverantören",
    adk.ADKE_INVALID_VAT_CODE: "Ogiltig momskod",
    adk.ADKW_INVOICE_COM_REMOVE_PRINTED: "Varning: markeringen utskriven har tagits bort från fakturan",
    adk.ADKE_EXCLUSIVE_LOCK: "Företaget är låst av en annan användare",
    adk.ADKE_INVALID_FIELD_ID: "Ogiltigt fält-id",
    adk.ADKE_PROJECT_COMPLETED: "Projektet är avslutat",
    adk.ADKE_DT_TO_SHORT_STRING: "Strängen är för kort för datum och tid",
    adk.ADKE_INVALID_DATETIME_STRING: "Ogiltig sträng för datum och tid",
    adk.ADKE_TIMESTAMP_FIELD_NOT_FOUND: "Tabellen saknar fält för ändringstidpunkt",
    adk.ADKE_DOC_PRINTED: "Dokumentet är utskrivet",
    adk.ADKE_EDIT_DENIED_CREDIT_INVOICE: "Ändring nekad. Fakturan är en kreditfaktura",
    adk.ADKE_EDIT_DENIED_PAYMSTOP_INVOICE: "Ändring nekad. Fakturan har betalningsstopp",
    adk.ADKE_EDIT_DENIED_INVOICE_ALREADY_PAYED: "Ändring nekad. Fakturan är redan betald",
    adk.ADKE_NULLPOINTER: "Nollpekare",
    adk.ADKE_INVALID_PDATA: "Ogiltig datastruktur",
    adk.ADKE_LOGIN_DENIED: "Inloggning nekad",
    adk.ADKE_LOGIN_FAIL: "Inloggningen misslyckades. Kontrollera användarnamn och lösenord",
    adk.ADKE_INVALID_FILTER_FIELD: "Det går inte att filtrera på fältet",
    adk.ADKE_INVALID_FILTER_EXPRESSION: "Ogiltigt filteruttryck",
    adk.ADKE_INVALID_FILTER_SYNTAX_VERSION: "Ogiltig version av filtersyntaxen",
    adk.ADKW_INVOICE_REMOVE_PRINTED_EXT: "Varning: markeringen utskriven har tagits bort från den skickade fakturan",
    # 694 is both ADKE_LAST_ERROR_CODE and, in S1, ADKE_NO_CHANGE_TAX_REDUKTION_HOUSEWORK
    adk.ADKE_LAST_ERROR_CODE: "Skattereduktionen för hushållsarbete kan inte ändras",
}

# lDbTable: the ADKE_DBTABLE_* codes, named as the program names its registers
TABLE_TEXTS: dict[int, str] = {
    adk.ADKE_DBTABLE_CUSTOMER: "Kund",
    adk.ADKE_DBTABLE_ARTICLE: "Artikel",
    adk.ADKE_DBTABLE_OOF: "Offert/order/faktura",
    adk.ADKE_DBTABLE_ARTRAD: "Artikelrad",
    adk.ADKE_DBTABLE_SELLER: "Säljare",
    adk.ADKE_DBTABLE_PAYMENT_TERMS: "Betalningsvillkor",
    adk.ADKE_DBTABLE_CURRENCY_CODE: "Valutakod",
    adk.ADKE_DBTABLE_LANGUAGE_CODE: "Språkkod",
    adk.ADKE_DBTABLE_UNIT_CODE: "Enhetskod",
    adk.ADKE_DBTABLE_SUPPLIER: "Leverantör",
    adk.ADKE_DBTABLE_LEVFKT: "Leverantörsfaktura",
    adk.ADKE_DBTABLE_ACCOUNT: "Konto",
    adk.ADKE_DBTABLE_PROJECT: "Projekt",
    adk.ADKE_DBTABLE_RESULT_UNIT: "Resultatenhet",
    adk.ADKE_DBTABLE_ORDER: "Order",
    adk.ADKE_DBTABLE_ORDER_ROW: "Orderrad",
    adk.ADKE_DBTABLE_OFFER: "Offert",
    adk.ADKE_DBTABLE_OFFER_ROW: "Offertrad",
    adk.ADKE_DBTABLE_CODE_OF_COUNTRY: "Landskod",
    adk.ADKE_DBTABLE_CUSTOMERPAYMENT: "Kundbetalning",
}

# lFunction: the function ids, as the DLL's export names
FUNCTION_NAMES: dict[int, str] = {
    adk.ADKE_ADD: "AdkAdd",
    adk.ADKE_FIND: "AdkFind",
    adk.ADKE_FIRST: "AdkFirst",
    adk.ADKE_NEXT: "AdkNext",
    adk.ADKE_UPDATE: "AdkUpdate",
    adk.ADKE_SET_LONG: "AdkSetLong",
    adk.ADKE_SET_BOOL: "AdkSetBool",
    adk.ADKE_SET_DOUBLE: "AdkSetDouble",
    adk.ADKE_SET_STRING: "AdkSetStr",
    adk.ADKE_SET_DATA: "AdkSetData",
    adk.ADKE_SET_DATE: "AdkSetDate",
    adk.ADKE_GET_STRING: "AdkGetStr",
    adk.ADKE_GET_LONG: "AdkGetLong",
    adk.ADKE_GET_BOOL: "AdkGetBool",
    adk.ADKE_GET_DOUBLE: "AdkGetDouble",
    adk.ADKE_GET_DATE: "AdkGetDate",
    adk.ADKE_GET_TYPE: "AdkGetType",
    adk.ADKE_GET_DATA: "AdkGetData",
    adk.ADKE_GET_DATA_ROW: "AdkGetDataRow",
    adk.ADKE_OPEN: "AdkOpen",
    adk.ADKE_DELETE_STRUCT: "AdkDeleteStruct",
    adk.ADKE_LONG_TO_DATE: "AdkLongToDate",
    adk.ADKE_SET_SORT_ORDER: "AdkSetSortOrder",
    adk.ADKE_DATE_TO_LONG: "AdkDateToLong",
    adk.ADKE_DELETE: "AdkDelete",
    adk.ADKE_DELETE_ROW: "AdkDeleteRow",
    adk.ADKE_GET_LENGTH: "AdkGetLength",
    adk.ADKE_GET_DECIMALS: "AdkGetDecimals",
    adk.ADKE_GET_FIELD_NAME: "AdkGetFieldName",
    adk.ADKE_PREVIOUS: "AdkPrevious",
    adk.ADKE_LAST: "AdkLast",
    adk.ADKE_OPENEX: "AdkOpenEx",
    adk.ADKE_RESET_STRUCT: "AdkResetStruct",
    adk.ADKE_FIRSTEX: "AdkFirstEx",
    adk.ADKE_NEXTEX: "AdkNextEx",
    adk.ADKE_FINDEX: "AdkFindEx",
    adk.ADKE_PREVIOUSEX: "AdkPreviousEx",
    adk.ADKE_LASTEX: "AdkLastEx",
    adk.ADKE_FIND2: "AdkFind2",
    adk.ADKE_LONG_TO_DATETIME: "AdkLongToDateTime",
    adk.ADKE_DATETIME_TO_LONG: "AdkDateTimeToLong",
    adk.ADKE_GET_TIMESTAMP_FIELD: "AdkGetTimestampField",
    adk.ADKE_GETCOMPANYNAME: "AdkGetCompanyName",
    adk.ADKE_GETCOMPANYNAMEEX: "AdkGetCompanyNameEx",
    adk.ADKE_GET_LAST_FIELD_ID: "AdkGetLastFldId",
    adk.ADKE_GET_NROWS_FIELD_ID: "AdkGetNrowsFldId",
    adk.ADKE_GET_ROWS_FIELD_ID: "AdkGetRowsFldId",
    adk.ADKE_GET_ROW_DB_ID: "AdkGetRowDbId",
    adk.ADKE_OPEN2: "AdkOpen2",
    adk.ADKE_OPENEX2: "AdkOpenEx2",
    adk.ADKE_ISLOGINACTIVATED: "AdkIsLoginActivated",
    adk.ADKE_ADDEX: "AdkAddEx",
    adk.ADKE_UPDATEEX: "AdkUpdateEx",
    adk.ADKE_SETFILTER: "AdkSetFilter",
    adk.ADKE_ISFILTERABLE: "AdkIsFilterable",
    adk.ADKE_CLEARFILTERS: "AdkClearFilters",
}

# export name -> lFunction code, for the session to fill lFunction. Functions without a code of their own in S1
# borrow the nearest one [I]: AdkDeleteRecord -> ADKE_DELETE; the .NET names of the row-id helpers -> theirs.
FUNCTION_CODES: dict[str, int] = {name: code for code, name in FUNCTION_NAMES.items()} | {
    "AdkDeleteRecord": adk.ADKE_DELETE,
    "AdkGetRowDataId": adk.ADKE_GET_ROW_DB_ID,
    "AdkGetNrowsFieldId": adk.ADKE_GET_NROWS_FIELD_ID,
    "AdkGetRowsFieldId": adk.ADKE_GET_ROWS_FIELD_ID,
    "AdkGetLastFieldId": adk.ADKE_GET_LAST_FIELD_ID,
}


def error_text(code: int) -> str:
    """The Swedish text of a return code (lRc). Table and function ids, which share the number space, get their
    names; an unknown code says so with its number rather than failing."""
    if code in ERROR_TEXTS:
        return ERROR_TEXTS[code]
    if code in TABLE_TEXTS:
        return TABLE_TEXTS[code]
    if code in FUNCTION_NAMES:
        return FUNCTION_NAMES[code]
    return f"Okänt fel (felkod {code})"


def table_text(code: int) -> str:
    """The name of the table an error concerns (lDbTable holds an ADKE_DBTABLE_* code); "" when none."""
    return TABLE_TEXTS.get(code, "")


def function_text(code: int) -> str:
    """The function an error came from (lFunction holds a function id such as ADKE_ADD); "" when none."""
    return FUNCTION_NAMES.get(code, "")


def function_code(name: str) -> int:
    """The lFunction code of a DLL export name ("AdkAdd" -> ADKE_ADD); 0 for functions without one."""
    return FUNCTION_CODES.get(name, 0)


def field_text(table_code: int, field_id: int) -> str:
    """The Swedish label of field `field_id` of the table whose ADKE_DBTABLE_* code is `table_code`; "" when either
    is unknown (lField is only meaningful together with lDbTable)."""
    for t in tables.TABLES.values():
        if t.error_table_code == table_code and table_code:
            f = t.fields.get(field_id)
            return tables.FIELD_LABELS.get(f.name, f.name) if f else ""
    return ""


def _part(err: Any, short: str, long: str, index: int) -> int:
    """One component of an error: the engine's AdkError (rc, db_table, ...), a ctypes ADK_ERROR (lRc, lDbTable, ...),
    or a 5-sequence in the C struct's order."""
    for name in (short, long):
        value = getattr(err, name, None)
        if value is not None:
            return int(value)
    if isinstance(err, (tuple, list)) and len(err) > index:
        return int(err[index])
    return 0


def component_text(kind: int, err: Any) -> str:
    """AdkGetErrorText(err, kind): the text of one component, `kind` an ADK_ERROR_TEXT_TYPE (elRc=0 ..
    elProgramPart=4). An unknown kind gives "" (the real call has no return code to complain with)."""
    rc = _part(err, "rc", "lRc", 0)
    db_table = _part(err, "db_table", "lDbTable", 1)
    if kind == adk.elRc:
        return error_text(rc)
    if kind == adk.elDbTable:
        return table_text(db_table)
    if kind == adk.elField:
        return field_text(db_table, _part(err, "field", "lField", 2))
    if kind == adk.elFunction:
        return function_text(_part(err, "function", "lFunction", 3))
    if kind == adk.elProgramPart:
        part = _part(err, "program_part", "lProgramPart", 4)
        return f"Programdel {part}" if part else ""
    return ""
