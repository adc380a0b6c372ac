#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/).

Every seed is written here by hand: small real inputs of the kinds each
parser takes (docs/import-template.md, docs/api.md, src/http/routes.def).
Run it from the repository's root after changing a seed; it rewrites the
directories whole.
"""
import os
import shutil
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

HEADER = "小区,楼号,室号,姓名,性别,出生日期,身份证号,手机,与户主关系,户籍类型,标签\r\n"
LINES = (
    "普雄馨苑,20号,1201室,王秀英,女,1942-05-01,,13800000001,户主,户籍,独居老人\r\n"
    "普雄馨苑,20号,1202室,李建国,男,,11010519491231002X,,户主,常住,老党员、困难家庭\r\n"
)
CSV_UTF8 = HEADER + LINES
CSV_ENGLISH = (
    "compound,building,room,name,gender,birth_date,phone,party_member,lives_here,floor,tags\n"
    "Sunny Court,3,301,Zhang Wei,male,1950/1/2,021-62345678,yes,no,3,a,b\n"
    '"Sunny ""Court""",3,"3-201","Li, Na",female,19500102,+86 138 0000 0002,是,否,,\n'
)
CSV_ALL = (
    "小区,楼号,室号,楼层,姓名,性别,出生日期,身份证号,手机,与户主关系,户籍类型,工作,工作背景,"
    "健康状况,兴趣爱好,技能特长,党员,本房居住,本房户籍,本房业主,标签\n"
    "普雄馨苑,20号,B102,-1,陈静,女,1950.1.2,310107195001011234,62345678,配偶,人户分离,"
    '退休,"教师\n三十年",良好,书法,修理,否,是,是,否,独居老人\n'
)


def xml_sheet(rows):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           "<sheetData>"]
    for r, cells in enumerate(rows, 1):
        out.append('<row r="%d">' % r)
        for c, cell in enumerate(cells):
            ref = "%s%d" % (chr(ord("A") + c), r)
            kind, value = cell
            if kind == "s":
                out.append('<c r="%s" t="s"><v>%s</v></c>' % (ref, value))
            elif kind == "inline":
                out.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, value))
            elif kind == "date":
                out.append('<c r="%s" s="1"><v>%s</v></c>' % (ref, value))
            elif kind == "bool":
                out.append('<c r="%s" t="b"><v>%s</v></c>' % (ref, value))
            elif kind == "formula":
                out.append('<c r="%s"><f>1+1</f><v>%s</v></c>' % (ref, value))
            else:
                out.append('<c r="%s"><v>%s</v></c>' % (ref, value))
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def xlsx(path, compression, date1904=False):
    strings = ["小区", "楼号", "室号", "姓名", "出生日期", "党员", "普雄馨苑", "20号", "1201室",
               "王秀英"]
    sst = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
           'uniqueCount="%d">%s</sst>' % (len(strings), len(strings),
                                          "".join("<si><t>%s</t></si>" % s for s in strings)))
    sheet = xml_sheet([
        [("s", i) for i in range(6)],
        [("s", 6), ("s", 7), ("s", 8), ("s", 9), ("date", "15462"), ("bool", "1")],
        [("inline", "普雄馨苑"), ("n", "20"), ("inline", "1202室"), ("inline", "李&amp;建国"),
         ("date", "18264.5"), ("formula", "0")],
    ])
    styles = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts>'
              '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
              "</cellXfs></styleSheet>")
    workbook = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                + ('<workbookPr date1904="1"/>' if date1904 else "") +
                '<sheets><sheet name="居民" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>')
    parts = [("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels),
             ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", sst),
             ("xl/styles.xml", styles)]
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = compression
            z.writestr(info, text.encode("utf-8"))


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(d, name), mode, **({} if mode == "wb" else {"encoding": "utf-8",
                                                                     "newline": ""})) as f:
        f.write(data)


def main():
    for t in ("table", "xlsx", "import", "json", "filter", "ident", "router"):
        shutil.rmtree(os.path.join(ROOT, "fuzz_" + t), ignore_errors=True)

    for t in ("fuzz_table", "fuzz_import"):
        put(t, "utf8.csv", CSV_UTF8)
        put(t, "bom.csv", "\ufeff" + CSV_UTF8)
        put(t, "gb18030.csv", CSV_UTF8.encode("gb18030"))
        put(t, "english.csv", CSV_ENGLISH)
        put(t, "all-columns.csv", CSV_ALL)
    put("fuzz_table", "broken-quote.csv", 'a,b\n"open,c\n')
    put("fuzz_import", "missing-column.csv", "小区,楼号,姓名\n普雄馨苑,20号,王秀英\n")

    for t in ("fuzz_xlsx", "fuzz_import", "fuzz_table"):
        d = os.path.join(ROOT, t)
        os.makedirs(d, exist_ok=True)
        xlsx(os.path.join(d, "stored.xlsx"), zipfile.ZIP_STORED)
        xlsx(os.path.join(d, "deflated.xlsx"), zipfile.ZIP_DEFLATED)
    xlsx(os.path.join(ROOT, "fuzz_xlsx", "date1904.xlsx"), zipfile.ZIP_STORED, date1904=True)
    # office-made workbooks of the import corpus (tests/import-corpus/): a zip64
    # archive, merged cells, several sheets, a title over a two-row header
    corpus = os.path.join(os.path.dirname(ROOT), "..", "import-corpus", "files")
    for name in ("zip64.xlsx", "merged-places.xlsx", "instructions-first.xlsx",
                 "title-two-row-header.xlsx", "booleans-dates.xlsx"):
        with open(os.path.join(corpus, name), "rb") as f:
            data = f.read()
        put("fuzz_xlsx", name, data)
        put("fuzz_import", name, data)

    # fuzz_json: the first byte picks the spec (even: an issue, odd: a user).
    put("fuzz_json", "issue.json", '0{"category":"环境卫生","description":"楼道堆物\\r\\n第二行",'
        '"committee_code":"310107015028","household_id":12,"urgent":true,"tags":["a","b"],'
        '"filter":{"age_min":60}}')
    put("fuzz_json", "user.json", '1{"username":"worker1","password":"pässwörd-2026",'
        '"role":"worker","scope":["310107015028"],"disabled":false}')
    put("fuzz_json", "nested.json", '0{"filter":{"a":[[[[{"b":null}]]]]},"category":"x"}')
    put("fuzz_json", "bad.json", '1{"username":"a\\u0001b","password":1}')

    # fuzz_filter: the first byte picks the form (even: a query, odd: JSON).
    put("fuzz_filter", "query.txt", "0committee_code=310107015028&age_min=60&age_max=80"
        "&gender=female&status=living&sort=age&floor_min=4&no_lift=1&q=王")
    put("fuzz_filter", "query-tags.txt", "0tag_any=独居老人,困难家庭&residence_kind=floating"
        "&party_member=true&compound_id=3&building_id=7")
    put("fuzz_filter", "filter.json", '1{"committee_code":"310107015028","age_min":65,'
        '"gender":"male","residence_kind":"registered","status":"any","sort":"address"}')
    put("fuzz_filter", "filter-tags.json", '1{"tag_all":["独居老人"],"no_lift":true,"q":"李"}')

    for name, s in (("id.txt", "11010519491231002X"), ("id-spaced.txt", " 310107195001011234\u3000"),
                    ("mobile.txt", "+86 138-0000-0001"), ("fixed.txt", "021-62345678"),
                    ("room.txt", "3单元1201室"), ("basement.txt", "地下1层"),
                    ("date.txt", "2024-02-29"), ("time.txt", "2026-12-03T12:00:00.123+08:00"),
                    ("time-z.txt", "1999-12-31t23:59:59z")):
        put("fuzz_ident", name, s)

    # fuzz_router: method, path, then query names, one a line.
    for name, s in (("households.txt", "GET\n/api/v1/households\nlimit\ncursor\ncommittee_code\n"),
                    ("resident.txt", "PATCH\n/api/v1/residents/12\n"),
                    ("no-method.txt", "DELETE\n/api/v1/session/x\n"),
                    ("repeated.txt", "GET\n/api/v1/residents\nq\nq\n"),
                    ("brackets.txt", "GET\n/api/v1/residents\nfilter[a]\ntag_all\n")):
        put("fuzz_router", name, s)


if __name__ == "__main__":
    main()
