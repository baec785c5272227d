"""Builds eval/mixed/reports/: twelve layout-zoo reports (tests/fixtures/layouts) extended with invented
paragraphs, so that questions about reports of every page shape can be asked next to the bundled five.

Each entry: zoo fixture, extra paragraphs (invented wording, realistic content), questions with the
short answer their report holds. Run: python eval/mixed/build.py (writes reports/ and questions.jsonl).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
ZOO = HERE.parent.parent / "tests" / "fixtures" / "layouts"

REPORTS = {
    "07_city-bureau-zhengzhou.txt": (
        [
            "(三)规范行政复议工作。市行政复议机构全年新收行政复议申请2417件,审结2186件,直接纠错率9.3%,"
            "在全省率先建成行政复议受理“一站式”服务窗口。",
            "(四)深化公共法律服务。全市建成村(社区)公共法律服务工作室2389个,12348热线接听群众咨询11.6万人次。",
            "(五)推进基层法治示范创建。新命名市级民主法治示范村(社区)58个,3个县(市)通过省级法治政府示范创建评估。",
        ],
        [
            ("郑州市司法局全年新收多少件行政复议申请?", "2417件"),
            ("郑州市行政复议直接纠错率是多少?", "9.3%"),
        ],
    ),
    "10_ministry-yingji-no-title.txt": (
        [
            "三、严格规范公正文明执法",
            "修订安全生产行政执法程序规定,全面推行执法全过程记录。全年部本级组织开展执法检查1.2万次,"
            "查处违法行为3.4万起,罚款金额4.7亿元。",
            "四、强化行政权力制约和监督",
            "自觉接受人大监督和政协民主监督,办理全国人大代表建议612件、全国政协委员提案351件,按时办结率100%。",
        ],
        [
            ("应急管理部办理了多少件全国人大代表建议?", "612件"),
            ("应急管理部罚款金额是多少?", "4.7亿元"),
        ],
    ),
    "14_county-zhaoxian-breadcrumb-only.txt": (
        [
            "(三)化解行政争议。县政府作为被告的一审行政诉讼案件47件,行政机关负责人出庭应诉率100%,"
            "县行政争议调解中心成功化解争议19件。",
            "(四)加强普法宣传。围绕赵州桥景区打造法治文化公园1处,全年开展“法律进乡村”活动126场。",
        ],
        [
            ("赵县的行政争议调解中心化解了多少件争议?", "19件"),
            ("赵县行政机关负责人出庭应诉率是多少?", "100%"),
        ],
    ),
    "20_autonomous-county-changyang-legal-basis.txt": (
        [
            "(三)推进清单动态管理。全县动态调整权责清单事项4312项,公布涉企行政检查事项清单217项。",
            "(四)提升执法能力。组织全县行政执法人员网上培训考试,参训1380人,合格率97.6%。",
        ],
        [
            ("长阳县动态调整了多少项权责清单事项?", "4312项"),
            ("长阳县审查了多少件规范性文件?", "8件"),
        ],
    ),
    "22_baiyun-guiyang-context.txt": (
        [
            "区政府在全市率先推行“免申即享”惠企政策兑现,全年兑现资金2.3亿元,惠及市场主体1.1万户。",
            "三、健全行政决策制度体系",
            "严格执行重大行政决策程序,全年将9项重大行政决策事项纳入目录管理,组织听证会4场。",
        ],
        [
            ("贵阳白云区“免申即享”兑现了多少资金?", "2.3亿元"),
            ("白云区组织了几场听证会?", "4场"),
        ],
    ),
    "30_town-zhouzhuang-summary.txt": (
        [
            "(三)推进古镇保护依法治理。出台古镇民居修缮负面清单,全年审批民居修缮申请63件,拆除违法搭建1.2万平方米。",
            "(四)化解基层矛盾。镇人民调解委员会受理纠纷412件,调解成功率98.5%。",
        ],
        [
            ("周庄镇审批了多少件民居修缮申请?", "63件"),
            ("周庄镇办理了多少件行政处罚案件?", "178件"),
        ],
    ),
    "32_town-fanzhuang-year-issuer-no-title.txt": (
        [
            "三、加强普法和依法治理",
            "依托梨花节举办普法集市3场,发放宣传资料8600余份,培育农村“法律明白人”94名。",
            "四、化解矛盾纠纷",
            "坚持和发展新时代“枫桥经验”,镇综治中心全年接待来访群众326人次,化解矛盾纠纷157起。",
        ],
        [
            ("范庄镇培育了多少名法律明白人?", "94名"),
            ("范庄镇审查了多少份合同?", "12份"),
        ],
    ),
    "33_township-zhenzhuquan.txt": (
        [
            "(三)规范乡级执法。乡综合行政执法队开展生态保护巡查540余次,立案查处违法建设案件11起。",
            "(四)深化“接诉即办”。全年受理群众诉求1826件,解决率96.2%,满意率97.1%。",
        ],
        [
            ("珍珠泉乡立案查处了几起违法建设案件?", "11起"),
            ("珍珠泉乡有多少个村配备了法律顾问?", "16个"),
        ],
    ),
    "38_street-sanyuanli-sitename.txt": (
        [
            "街道以“法治课堂进城中村”为载体,在城中村出租屋集中区域设置法治宣传栏42块,开展以案释法活动28场。",
            "(三)化解矛盾纠纷。街道调解委员会联合驻点律师调处租赁纠纷318宗,涉及金额460万元。",
        ],
        [
            ("三元里街道调处了多少宗租赁纠纷?", "318宗"),
            ("三元里街道办理了多少宗执法案件?", "236宗"),
        ],
    ),
    "47_city-bureau-chengdu-jihua.txt": (
        [
            "(二)加强行政复议规范化建设。推进行政复议案件繁简分流,简易案件平均审理期限压缩至25日以内。",
            "(三)深化“蓉易办”法律服务。在全市23个区(市)县设立涉企法律服务站,年内组织律师“法治体检”企业500家。",
        ],
        [
            ("成都市司法局计划把简易行政复议案件审理期限压缩到多少天?", "25日"),
            ("成都市司法局计划完成几件立法项目?", "7件"),
        ],
    ),
    "49_banner-tumotezuoqi.txt": (
        [
            "(三)加强草原执法。旗林草执法部门开展禁牧休牧巡查2100余次,查处非法开垦草原案件17起。",
            "(四)推进蒙汉双语普法。编印蒙汉双语普法读本1.5万册,在全旗苏木乡镇开展“法律进牧区”宣讲46场。",
        ],
        [
            ("土默特左旗查处了多少起非法开垦草原案件?", "17起"),
            ("土默特左旗行政执法人员持证上岗率是多少?", "100%"),
        ],
    ),
    "55_district-no-year-in-title-legal-basis-chinese-date.txt": (
        [
            "(三)优化法治化营商环境。区政府清理涉企规范性文件37件,废止5件,修改8件。",
            "(四)加强行政应诉。全区行政机关负责人出庭应诉142人次,一审败诉率降至4.2%。",
        ],
        [
            ("章贡区清理了多少件涉企规范性文件?", "37件"),
            ("章贡区行政诉讼一审败诉率是多少?", "4.2%"),
        ],
    ),
}


def main() -> None:
    out = HERE / "reports"
    out.mkdir(exist_ok=True)
    rows = []
    for n, (fixture, (extra, questions)) in enumerate(REPORTS.items()):
        doc_id = f"new_{n:02d}_{fixture.split('_', 1)[1]}"
        text = (ZOO / fixture).read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(extra) + "\n"
        (out / doc_id).write_text(text, encoding="utf-8")
        for i, (q, answer) in enumerate(questions):
            assert answer in text, (doc_id, answer)
            rows.append({"id": f"m{n:02d}{i}", "question": q, "doc_ids": [doc_id], "answers": [answer]})
    (HERE / "questions.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    print(f"{len(REPORTS)} reports, {len(rows)} questions")


if __name__ == "__main__":
    main()
