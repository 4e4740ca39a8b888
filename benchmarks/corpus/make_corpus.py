"""Write the labelled accuracy corpus: raw reports as they arrive from the web, and truth.json.

    python benchmarks/corpus/make_corpus.py            # writes the files beside this script
    python benchmarks/corpus/make_corpus.py --out DIR  # elsewhere

Every text is written here, not copied: sentences, headings, titles and boilerplate come from
pools of phrasings below and are combined with a fixed seed, so the output is the same on every
run. Each report is assembled from its own choice of type, unit, year, outline style, frame
(what the website, portal, WeChat or document-sharing site put around it) and encoding; the
labels come from the same assembly, so they are exact: the noise lines as they stand, the
report's own sentences that must survive, the outline headings, title, year, type and unit.
The traditional-Chinese reports are written out in full at the end of this file.

The checks at the end (`problems`: a report that fails them is drawn again) hold the labels to
what the scorer can measure: every noise item is in the raw file and nowhere in the report's own
text, every keep item and heading is in the report's own text, and every report is 600–3000
characters long.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20251111
HERE = Path(__file__).resolve().parent

# --- Names ---------------------------------------------------------------------------------
# Invented or redacted: 青岚县 and the like are made up; ×× / XX / 某某 are how web copies
# redact names, and the scorer ignores × and X when it compares units.

COUNTIES = ["青岚县", "永平县", "白溪县", "安和县", "石岭县", "凤鸣县", "南屏县", "清源县", "桃溪县",
            "云岭县", "长宁县", "梅川县", "河阳县", "双峰县", "松岩县", "××县", "XX县", "某某县", "X县"]
CITIES = ["临江市", "江城市", "东川市", "宁州市", "西陵市", "华阳市", "北辰市", "××市", "XX市", "某某市"]
DISTRICTS = ["东城区", "河西区", "南湖区", "新港区", "城南区", "高新区", "××区", "XX区", "某某区"]
TOWNS = ["白河镇", "柳塘镇", "石桥镇", "青龙镇", "杨家湾镇", "龙泉镇", "黄土坡乡", "三溪乡", "马坊镇",
         "新集镇", "桂花乡", "××镇", "XX镇", "某某镇"]
STREETS = ["城关街道", "滨江街道", "人民路街道", "东岳街道", "新华街道", "××街道", "XX街道"]
VILLAGES = ["柳树湾村", "杏花村", "王家庄村", "石门村", "大岭村", "枣园村", "河口村", "新丰村", "东坪村",
            "××村", "XX村", "某某村"]
COMMUNITIES = ["幸福里社区", "滨河社区", "翠苑社区", "锦绣社区", "东门社区", "阳光社区", "××社区", "XX社区"]
BUREAUS = [  # name, what its work is about
    ("财政局", "预算管理"), ("税务局", "税费服务"), ("交通运输局", "交通项目建设"), ("市场监督管理局", "食品安全监管"),
    ("自然资源和规划局", "耕地保护"), ("生态环境局", "污染防治"), ("卫生健康局", "医疗卫生服务"),
    ("教育局", "教育教学"), ("民政局", "民生兜底保障"), ("人力资源和社会保障局", "就业服务"),
    ("住房和城乡建设局", "城市更新"), ("水利局", "防汛抗旱"), ("农业农村局", "乡村振兴"), ("审计局", "审计监督"),
    ("统计局", "统计数据质量"), ("应急管理局", "安全生产"), ("司法局", "法治宣传"), ("文化和旅游局", "公共文化服务"),
    ("商务局", "营商环境"), ("医疗保障局", "医保基金监管"), ("林业局", "森林防火"), ("退役军人事务局", "优抚服务"),
]
SURNAMES = "张王李刘陈杨赵黄周吴徐孙马胡朱郭何罗高林"
GIVEN = ["建国", "海燕", "志强", "晓东", "丽华", "国庆", "文军", "红梅", "俊峰", "秀英", "卫东", "明辉", "春燕", "立新"]
BRANDS = ["红色引擎", "先锋领航", "初心驿站", "红心向党", "清风廉韵", "匠心铸魂", "金色纽带", "红色管家", "暖心家园",
          "双融双促", "红色网格", "守护之光", "书香党建", "红帆领航", "一心为民", "聚力先锋", "红心领航"]
ACTIVITIES = ["民情恳谈", "书记走基层", "党员进万家", "微心愿认领", "红色夜校", "院坝会", "板凳会", "周三夜学",
              "党员接待日", "政策宣讲进村组", "亮诺践诺", "四下基层"]
CROPS = ["食用菌", "中药材", "蓝莓", "茶叶", "小龙虾", "花椒", "猕猴桃", "大棚蔬菜"]
CN_DIGITS = "〇一二三四五六七八九"
CN_NUM = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals, as dates write them: 十二, 二十八."""
    if n < 10:
        return CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_NUM[tens - 1]) + "十" + (CN_NUM[ones - 1] if ones else "")


def cn_year(y: int) -> str:
    return "".join(CN_DIGITS[int(d)] for d in str(y))


# --- Units ---------------------------------------------------------------------------------


@dataclass
class Unit:
    name: str  # as the report writes it (the label)
    kind: str
    self_ref: str  # how its own report names it: 局党组, 镇党委 …
    we: str  # 我局, 我镇 …
    superior: str  # 县委, 镇党委 …
    biz: str  # what its work is about
    place: str  # the county / town / street it is in
    secretary: str  # the post of its head: 党组书记, 党支部书记 …


def person(rng: random.Random) -> str:
    s = rng.choice(SURNAMES)
    return rng.choice([s + "××", s + "某某", s + "XX", s + rng.choice(GIVEN), s + "某"])


def make_unit(rng: random.Random, kind: str) -> Unit:
    county = rng.choice(COUNTIES + DISTRICTS)
    short = county[-1]  # 县 or 区
    if kind == "bureau":
        bureau, biz = rng.choice(BUREAUS)
        level = rng.choice([county, county, rng.choice(CITIES), short, "市"])
        org, ref, sec = rng.choice([("党组", "局党组", "党组书记"), ("机关党委", "局机关党委", "机关党委书记"),
                                    ("党委", "局党委", "党委书记"), ("机关党支部", "局机关党支部", "党支部书记"),
                                    ("党总支", "局党总支", "党总支书记")])
        return Unit(level + bureau + org, kind, ref, "我局", level[-1] + "委" if level[-1] in "县区市" else "县委",
                    biz, level, sec)
    if kind == "town":
        town = rng.choice(TOWNS)
        suffix = "乡" if town.endswith("乡") else "镇"
        prefix = rng.choice(["", county]) if not town.startswith(("×", "X", "某")) else ""
        return Unit(prefix + town + "党委", kind, suffix + "党委", "我" + suffix, short + "委",
                    rng.choice(["乡村振兴", "基层治理", "产业发展"]), town, "党委书记")
    if kind == "street":
        street = rng.choice(STREETS)
        return Unit(rng.choice(["", county]) + street + "党工委", kind, "街道党工委", "我街道", short + "委",
                    rng.choice(["基层治理", "城市管理", "为民服务"]), street, "党工委书记")
    if kind == "village":
        town, village = rng.choice(TOWNS), rng.choice(VILLAGES)
        org, sec = rng.choice([("党支部", "党支部书记"), ("党总支", "党总支书记"), ("党委", "党委书记")])
        return Unit(rng.choice(["", town]) + village + org, kind, "村" + org, "我村", town.rstrip("镇乡") + ("镇党委" if town.endswith("镇") else "乡党委"),
                    "集体经济发展", town, sec)
    if kind == "community":
        street, comm = rng.choice(STREETS), rng.choice(COMMUNITIES)
        org = rng.choice(["党委", "党总支", "党支部"])
        return Unit(rng.choice(["", street]) + comm + org, kind, "社区" + org, "我社区", "街道党工委",
                    "社区治理", street, "社区" + org + "书记")
    if kind == "school":
        place = rng.choice(COUNTIES + CITIES)
        school = rng.choice(["第一中学", "第三中学", "实验小学", "实验中学", "职业技术学校", "第二高级中学", "城关小学"])
        org = rng.choice(["党委", "党总支", "党支部"])
        return Unit(place + school + org, kind, "学校" + org, "我校", place[-1] + "教育局党组" if place[-1] == "县" else "教育工委",
                    "教育教学", place, "党" + ("委" if org == "党委" else "支部" if org == "党支部" else "总支") + "书记")
    if kind == "hospital":
        place = rng.choice(COUNTIES + CITIES + DISTRICTS)
        hosp = rng.choice(["人民医院", "中医医院", "妇幼保健院", "第二人民医院", "疾病预防控制中心"])
        org = rng.choice(["党委", "党委", "党总支", "党支部"])
        return Unit(place + hosp + org, kind, "院" + org if "医院" in hosp or "保健院" in hosp else "中心" + org,
                    "我院" if "院" in hosp else "中心", place[-1] + "卫健局党组", "医疗服务", place, "党委书记")
    if kind == "soe":
        place = rng.choice(CITIES + COUNTIES)
        company = rng.choice(["城市投资集团有限公司", "水务集团有限公司", "交通投资集团有限公司", "供电公司",
                              "燃气有限公司", "公共交通有限公司", "粮食储备有限公司", "文化旅游发展集团"])
        org = rng.choice(["党委", "党委", "党总支", "第一党支部", "机关党支部"])
        return Unit(place + company + org, kind, "公司" + ("党委" if org == "党委" else "党支部" if "支部" in org else "党总支"),
                    "公司", place[-1] + "国资委党委" if place[-1] in "市县" else "集团党委",
                    rng.choice(["生产经营", "安全生产", "项目建设"]), place, "党委书记")
    if kind == "bank":
        place = rng.choice(CITIES + COUNTIES)
        bank = rng.choice(["农村商业银行", "农商银行", "村镇银行"])
        org = rng.choice(["党委", "党委", "机关党支部", "营业部党支部"])
        return Unit(place + bank + org, kind, "行" + ("党委" if org == "党委" else "党支部"), "我行", "市联社党委",
                    "金融服务", place, "党委书记")
    if kind == "organ":
        place = rng.choice(COUNTIES + CITIES + DISTRICTS)
        organ = rng.choice(["人民政府办公室", "人大常委会机关", "政协机关", "发展和改革局", "档案馆", "融媒体中心"])
        org = rng.choice(["机关党委", "党支部", "机关党支部", "党组"])
        if organ.endswith("机关") and org.startswith("机关"):
            org = org[2:]
        return Unit(place + organ + org, kind, "机关" + org.replace("机关", "") if "机关" in org else org, "机关",
                    place[-1] + "直机关工委", "服务大局", place, "书记")
    raise ValueError(kind)


KINDS = ["bureau", "bureau", "bureau", "town", "street", "village", "village", "community", "school",
         "hospital", "soe", "bank", "organ"]


# --- What reports say -----------------------------------------------------------------------
# Slots: {n} a count, {n1} a small count, {m} a larger count, {p} a share (%), {q} a fall (%),
# {w} 万元, {b} a brand, {a} an activity, {biz} the unit's line of work, {s} how the unit names
# itself, {we} 我局/我镇…, {sup} its superior, {crop} a crop.

TOPICS = {
    "theory": dict(
        heads=["坚持理论武装，筑牢思想根基", "强化理论学习，提升政治素养", "以学铸魂，在理论武装上持续用力",
               "抓实学习教育，夯实思想基础", "深化理论学习，坚定理想信念", "突出思想引领，持续深化理论学习"],
        subs=[("第一议题", "落实“第一议题”制度"), ("学习计划", "制定学习计划"), ("三会一课", "抓好集中学习"), ("党校教师", "开展专题辅导"), ("读书会", "开展读书活动"), ("学习强国", "用好线上平台"), ("带头讲党课", "带头讲授党课"), ("个人自学", "创新学习方式"), ("微宣讲", "开展青年宣讲"), ("工作清单", "强化学用结合")],
        sents=["严格落实“第一议题”制度，全年组织理论学习中心组集中学习{n}次、专题研讨{n1}次。",
               "坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，制定年度学习计划，明确学习专题{n1}个。",
               "依托“三会一课”、主题党日等载体，组织党员读原著、学原文、悟原理，累计开展集中学习{n}次。",
               "邀请党校教师开展专题辅导{n1}场，班子成员撰写研讨材料{n}篇。",
               "开展“{b}读书会”活动，党员轮流领读经典篇目{n}篇，交流学习体会{m}人次。",
               "用好学习强国等平台，党员人均学习积分超过{m}分，学习覆盖率达到100%。",
               "班子成员带头讲党课{n1}次，深入联系点开展宣讲{n}场次。",
               "坚持“个人自学+集中研学+专题辅导”相结合，推动理论学习往深里走、往实里走。",
               "结合{biz}工作实际，组织青年理论学习小组开展“微宣讲”{n}场，青年党员人人登台。",
               "把学习成果转化为推动{biz}的具体举措，梳理形成工作清单{n}项。"]),
    "org": dict(
        heads=["规范组织生活，提升组织力", "夯实基层基础，建强战斗堡垒", "推进标准化规范化建设，筑牢组织根基",
               "严格落实组织生活制度，增强支部活力", "坚持抓基层强基础，提升组织力"],
        subs=[("“三会一课”制度", "规范“三会一课”"), ("达标验收", "开展达标创建"), ("台账", "加强督促检查"), ("换届", "配强支部班子"), ("主题党日", "抓实主题党日"), ("民主评议", "开展民主评议"), ("双培养", "推行“双培养”机制"), ("积分", "实行积分管理"), ("阵地", "建强活动阵地")],
        sents=["严格落实“三会一课”制度，全年召开支部党员大会{n}次、支委会{n}次，讲授党课{n1}次。",
               "对照支部标准化规范化建设要求，逐项开展达标验收，{n1}个支部评定为“五星”支部。",
               "建立支部工作台账，每季度对组织生活记录进行抽查，发现问题{n}个，已全部整改到位。",
               "按期完成{n1}个党支部换届选举，选优配强支部书记，支部班子结构进一步优化。",
               "每月固定开展主题党日活动，全年组织党员参加志愿服务{n}场次。",
               "召开年度组织生活会，开展民主评议党员，评定优秀等次党员{n}名。",
               "推行支部书记“双培养”机制，{n1}名业务骨干走上支部书记岗位。",
               "坚持党员积分管理，将参加组织生活、志愿服务、岗位履职等情况纳入积分，按季度公示。",
               "新建党群服务阵地{n1}处，配齐学习书籍和活动设施，党员活动有了固定场所。"]),
    "develop": dict(
        heads=["严把入口关，做好发展党员工作", "加强党员队伍建设，激发队伍活力", "注重源头培养，优化党员队伍结构"],
        subs=[("总要求", "严格发展标准"), ("入党申请书", "抓好源头培养"), ("公示制", "严格发展程序"), ("集中培训", "加强教育培训"), ("35岁", "优化队伍结构"), ("流动党员", "管好流动党员"), ("纪念章", "关心关爱老党员")],
        sents=["坚持“控制总量、优化结构、提高质量、发挥作用”的总要求，全年发展党员{n1}名，按期转正{n1}名。",
               "收到入党申请书{n}份，确定入党积极分子{le}名，为每名积极分子确定2名培养联系人。",
               "严格执行发展党员公示制、票决制，对发展对象开展政治审查，发展程序全部合规。",
               "组织入党积极分子参加集中培训{n1}期，考试合格后方可列为发展对象。",
               "注重在青年和一线骨干中发展党员，35岁以下新党员占比达{p}%。",
               "开展流动党员排查，建立联系台账，{n}名流动党员全部纳入组织管理。",
               "为年满50年党龄的老党员颁发“光荣在党50年”纪念章{n1}枚，走访慰问困难党员{n}人。"]),
    "clean": dict(
        heads=["压实管党治党责任，推进党风廉政建设", "持之以恒正风肃纪，营造风清气正环境", "强化监督执纪，筑牢廉洁防线",
               "落实“两个责任”，推动全面从严治党向纵深发展", "驰而不息抓作风，持续净化政治生态"],
        subs=[("责任书", "压实主体责任"), ("警示教育", "开展警示教育"), ("第一种形态", "用好“第一种形态”"), ("八项规定", "狠抓作风建设"), ("风险点", "防控廉政风险"), ("专项监督", "开展专项监督"), ("提醒短信", "开展廉洁提醒"), ("廉洁文化", "培育廉洁文化")],
        sents=["召开党风廉政建设专题会议{n1}次，签订党风廉政建设责任书{n}份，层层传导压力。",
               "开展廉政谈话{n}人次，组织观看警示教育片{n1}场次，参观廉政教育基地{n1}次。",
               "运用监督执纪“第一种形态”，对苗头性、倾向性问题早提醒、早纠正，开展提醒谈话{n}人次。",
               "锲而不舍落实中央八项规定精神，开展节假日作风纪律检查{n1}次，发现并整改问题{n}个。",
               "梳理廉政风险点{n}个，制定防控措施{n}条，建立“一岗一清单”。",
               "聚焦{biz}等重点领域开展专项监督检查，发现问题{n}个，已全部整改销号。",
               "在重要节点发送廉洁提醒短信{m}条，推动廉洁教育常态化。",
               "深化“{b}”廉洁文化品牌建设，开展家风家教主题活动{n1}场。"]),
    "ideology": dict(
        heads=["守牢意识形态阵地，唱响主旋律", "落实意识形态工作责任制，筑牢思想防线", "加强宣传思想工作，凝聚发展共识"],
        subs=[("责任制", "压实工作责任"), ("门户网站", "管好宣传阵地"), ("正面宣传", "加强正面宣传"), ("道德讲堂", "讲好身边故事"), ("研判", "开展风险研判")],
        sents=["认真落实意识形态工作责任制，每半年专题研究意识形态工作，开展风险排查{n1}次。",
               "加强对门户网站、政务新媒体和工作群的管理，全年审核发布信息{m}条。",
               "围绕中心工作加强正面宣传，在市级以上媒体刊发稿件{n}篇。",
               "举办道德讲堂{n1}期，选树身边典型{n}名，营造崇德向善的良好氛围。",
               "建立意识形态风险研判机制，定期分析{biz}领域思想动态，及时回应群众关切。"]),
    "brand": dict(
        heads=["打造党建品牌，激发支部活力", "推动党建业务融合，服务中心大局", "坚持党建引领，助推{biz}高质量发展",
               "深化“党建+”模式，促进融合发展", "聚焦主责主业，推动党建与业务同频共振"],
        subs=[("一支部一品牌", "培育特色品牌"), ("先锋岗", "设立先锋岗位"), ("同考核", "推动同向发力"), ("亮身份", "开展岗位建功"), ("优秀党建品牌", "总结推广经验"), ("支部联建", "开展结对共建")],
        sents=["培育“{b}”党建品牌，每个支部确定一个特色项目，形成“一支部一品牌”格局。",
               "设立党员先锋岗{n}个、党员责任区{n}个，组建党员突击队{n1}支。",
               "把党建工作与{biz}同谋划、同部署、同考核，党建考核结果与评先评优挂钩。",
               "围绕{biz}重点任务，开展“党员亮身份、岗位作表率”活动，破解难点问题{n}个。",
               "{n1}个支部品牌获评优秀党建品牌，形成了一批可复制可推广的经验做法。",
               "推行“支部联建”模式，与{n1}个基层党组织结对共建，办成实事{n}件。"]),
    "service": dict(
        heads=["聚焦为民服务，增进群众福祉", "坚持党建引领基层治理，提升治理效能", "践行初心使命，办好民生实事"],
        subs=[("办实事", "办好民生实事"), ("网格", "深化网格治理"), ("双报到", "开展志愿服务"), ("联系户", "密切联系群众"), ("走访群众", "深入走访群众")],
        sents=["深化“我为群众办实事”实践活动，梳理民生实事清单{n}项，已办结{le}项。",
               "推行“网格+党建”模式，划分网格{n}个，配备网格员{n}名，收集解决群众诉求{m}件。",
               "组织在职党员到社区“双报到”，认领服务项目{n}个，开展志愿服务{m}人次。",
               "建立党员联系户制度，党员联系服务群众{m}户，帮助解决实际困难{n}件。",
               "开展“{a}”活动{n}场，走访群众{m}户，收集意见建议{n}条。"]),
    "theme": dict(
        heads=["扎实开展主题教育，推动学习成果转化", "高标准推进主题教育，确保取得实效", "以主题教育为契机，推动作风转变"],
        subs=[("实施方案", "周密部署安排"), ("调查研究", "深化调查研究"), ("检视整改", "抓实检视整改"), ("读书班", "办好读书班")],
        sents=["把主题教育作为首要政治任务，制定实施方案，细化任务{n}项。",
               "班子成员围绕{biz}领域难点问题开展调查研究，形成调研报告{n1}篇，推动解决问题{n}个。",
               "检视整改问题{n}个，建立整改台账，目前已完成整改{le}个。",
               "举办读书班集中学习{n1}天，开展专题研讨{n1}次，班子成员交流发言{n}人次。"]),
    "cadre": dict(
        heads=["加强干部队伍建设，提升履职能力", "持续改进作风，提升工作效能", "锻造过硬队伍，激发干事活力"],
        subs=[("业务能力培训", "抓好教育培训"), ("年轻干部", "强化实践锻炼"), ("专项整治", "改进工作作风"), ("实绩档案", "完善考核机制"), ("比学赶超", "开展岗位练兵")],
        sents=["组织开展业务能力培训{n1}期，培训党员干部{m}人次。",
               "选派{n1}名年轻干部到基层一线和重点岗位锻炼，在实践中增长才干。",
               "深入开展作风建设专项整治，精简会议文件，发文数量同比下降{q}%。",
               "建立干部实绩档案，做到干部工作有记录、成效可考核。",
               "开展“比学赶超”岗位练兵活动，{n}名党员干部在各类竞赛中获奖。"]),
}
KIND_TOPICS = {
    "village": dict(
        heads=["发展壮大村集体经济，带领群众增收致富", "坚持党建引领产业发展，推动乡村振兴"],
        subs=[("合作社，发展", "发展特色产业"), ("闲置", "盘活集体资产"), ("党支部+合作社+农户", "党员示范带动")],
        sents=["村党组织领办{crop}专业合作社，发展{crop}种植{m}亩，带动{n}户群众增收。",
               "盘活闲置校舍、厂房等资产{n1}处，村集体经济收入达到{w}万元，比上年增长{q}%。",
               "实行“党支部+合作社+农户”模式，党员带头示范，{n}名党员成为产业发展带头人。"]),
    "hospital": dict(
        heads=["坚持公益性，提升医疗服务水平", "以党建引领医院高质量发展"],
        subs=[("医疗服务队", "开展义诊服务"), ("一站式", "改善就医体验"), ("下沉基层", "专家下沉帮扶")],
        sents=["组建党员医疗服务队{n1}支，开展义诊活动{n}场，服务群众{m}人次。",
               "推行“一站式”服务，门诊平均候诊时间缩短{n}分钟，患者满意度达到{p}%。",
               "党员专家带头下沉基层，到乡镇卫生院坐诊带教{n}次。"]),
    "school": dict(
        heads=["落实立德树人根本任务，提升育人质量", "以高质量党建引领学校发展"],
        subs=[("思政课", "上好思政课"), ("学困生", "开展结对帮扶"), ("党建+教研", "推进“党建+教研”")],
        sents=["党员教师带头上好思政课，开展示范课、公开课{n}节。",
               "开展党员教师结对帮扶学困生活动，{n}名党员教师结对帮扶学生{m}名。",
               "推进“党建+教研”融合，党员教师牵头承担课题{n1}项，获市级以上奖励{n}项。"]),
    "soe": dict(
        heads=["以高质量党建引领保障生产经营", "坚持党建引领，推动提质增效"],
        subs=[("攻坚小组", "党员攻坚克难"), ("创新工作室", "开展技术创新"), ("安全生产", "筑牢安全防线")],
        sents=["组建党员攻坚小组{n1}个，围绕{biz}开展攻坚，完成年度目标任务的{p}%。",
               "建立党员创新工作室{n1}个，完成技术攻关项目{n}项，节约成本{w}万元。",
               "把党员先锋岗设在生产一线，全年实现安全生产无事故。"]),
    "bank": dict(
        heads=["以党建引领金融服务，支持地方经济发展", "坚持金融为民，提升服务质效"],
        subs=[("金融服务队", "走访服务企业"), ("党建+金融", "服务乡村振兴"), ("整村授信", "推进整村授信")],
        sents=["组建党员金融服务队{n1}支，走访小微企业和农户{m}户。",
               "开展“党建+金融”共建，与{n}个村党组织签订共建协议，发放涉农贷款{w}亿元。",
               "推行“整村授信”，为{m}户农户建立信用档案。"]),
    "community": dict(
        heads=["党建引领社区治理，打造幸福家园", "健全组织体系，做实社区服务"],
        subs=[("楼栋党小组", "建强楼栋党小组"), ("议事协商", "开展议事协商"), ("垃圾分类", "组织志愿服务")],
        sents=["成立小区党支部{n1}个、楼栋党小组{n}个，推动党组织向小区楼栋延伸。",
               "开展“{a}”议事协商{n}次，解决停车难、加装电梯等问题{n}个。",
               "组织党员志愿者参与垃圾分类、文明创建等志愿服务{m}人次。"]),
}
# The opposite error: the report's own sentences that mention words of web boilerplate.
OPPOSITE = [
    "对来源于网络的涉{biz}不实信息第一时间核查澄清，全年处置网络舆情{n}起。",
    "针对来源于网络、未经核实的各类信息，严格落实“三审三校”制度，做到不转发、不评论、不传播。",
    "建立“{b}”联系微信群{n1}个，由党员干部联系服务群众{m}户，群众诉求做到“随时提、马上办”。",
    "每名党员至少联系{n1}户群众，并加入所在网格的联系微信群，及时收集反映社情民意。",
    "开发“{b}”学习平台，党员可一键下载学习资料和党课课件，实现学习资源共享。",
    "在党员活动室设置自助终端，党费缴纳、学习资料一键下载、组织关系转接均可“掌上办”。",
    "关注微信公众号“{b}”的党员和群众已达{m}人，全年推送学习内容{n}期。",
    "关注微信公众号留言和12345热线反映的问题，建立问题台账，办结率达到100%。",
    "关注微信公众号并完成实名登记的党员，每月可在线参加一次“微党课”学习。",
    "严格执行信息发布“编辑、审核、签发”三审制度，全年审核发布政务信息{m}条。",
    "部分学习资料来源于网络，支部在使用前逐篇审核把关，确保政治方向正确。",
    "组建“银发先锋”联系微信群，行动不便的老党员足不出户即可参加组织生活。",
    "群众扫码即可进入“{b}”平台反映诉求，平均{n}小时内得到回复。",
    "开设“红色书屋”线上专区，党员点击即可在线阅读，全年点击量达{m}次。",
    "鼓励党员创作原创党课作品，{n1}件作品在全市微党课比赛中获奖。",
    "建立党员学习交流群，党员在群内分享学习体会{m}条，相互点赞评论、比学赶超。",
]
OPPOSITE_HEADS = ["用好网络阵地，提升宣传实效", "推进智慧党建，拓展服务渠道", "创新宣传方式，扩大党建影响",
                  "建好线上平台，服务党员群众"]

PROBLEMS = [  # heading, statement
    ("理论学习有待深化", "理论学习的深度和广度还不够，有的党员满足于读文件、记笔记，学用结合不紧。"),
    ("组织建设有待加强", "基层党组织建设发展还不平衡，个别支部“三会一课”质量不高，组织生活形式单一。"),
    ("融合发展有待提升", "党建与业务融合还不够深入，存在“两张皮”现象，党建促进{biz}的作用发挥不够明显。"),
    ("队伍建设有待加强", "党务干部兼职多、专职少，业务能力参差不齐，工作创新意识不强。"),
    ("责任落实有待压实", "落实全面从严治党主体责任还有薄弱环节，日常监督存在“宽松软”现象。"),
    ("教育管理有待改进", "对流动党员、年轻党员的教育方式创新不够，个别党员先锋模范作用发挥不充分。"),
    ("创新意识不够强", "工作方法习惯于老套路，运用信息化手段开展党建工作的能力不足。"),
    ("作风建设仍需加强", "个别党员干部服务意识不强，工作标准不高，抓落实的韧劲不足。"),
    ("品牌效应不够明显", "党建品牌创建亮点不多，示范带动作用有限，经验总结提炼不够。"),
    ("阵地作用发挥不充分", "党群服务阵地使用率不高，活动内容吸引力不强，群众参与度偏低。"),
    ("调查研究不够深入", "深入一线调研的次数偏少，对{biz}中的新情况新问题研究不透。"),
    ("党员队伍结构不优", "一线党员、青年党员比例偏低，党员年龄老化问题比较突出。"),
]
SELF_PROBLEMS = [  # first person, for 述职报告 and 对照检查材料
    "本人抓党建工作的精力投入还不够，有时存在重业务、轻党建的倾向。",
    "对基层支部工作指导督促不够，深入一线调研的次数偏少。",
    "理论学习的系统性不够，学用结合不够紧密，运用理论指导实践的能力还有差距。",
    "创新意识不足，抓党建的办法不多，习惯于按部就班。",
    "对党员干部严格管理不够，批评与自我批评有时“辣味”不足。",
    "推动党建与{biz}深度融合的思路不宽，抓落实的韧劲不足。",
]
PLANS = [  # heading, statement
    ("推动党建业务深度融合", "围绕中心工作谋划党建工作，完善党建与业务同考核机制，以高质量党建引领保障{biz}。"),
    ("持续加强理论武装", "坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，推动理论学习制度化、常态化。"),
    ("加强党员队伍建设", "严把发展党员入口关，创新党员教育方式，用好党员积分管理，激励党员创先争优。"),
    ("着力提升组织力", "深化支部标准化规范化建设，加强支部书记和党务干部培训，把每个支部都建设成为坚强战斗堡垒。"),
    ("持之以恒正风肃纪", "认真履行管党治党主体责任，强化日常监督和廉政教育，坚决防止“四风”问题反弹回潮。"),
    ("扎实推进品牌创建", "持续擦亮“{b}”品牌，总结推广特色做法，以点带面提升整体水平。"),
    ("加强党务干部培训", "分层分类开展党务干部培训，提升党务干部抓党建的能力水平。"),
    ("完善制度机制", "健全党建工作责任清单和考核评价办法，推动党建工作制度化、规范化。"),
    ("持续改进工作作风", "深化“{a}”等活动，推动党员干部沉到一线解决问题，提升群众满意度。"),
]
ELABORATIONS = ["有的支部满足于完成规定动作，工作创新性不足。", "这些问题虽然只发生在少数单位，但必须引起高度重视。",
                "对照上级要求和群众期盼，还有不小差距。", "究其原因，主要是思想认识不到位、工作措施不够有力。"]
FOLLOW_UPS = ["要列出任务清单，明确责任人和完成时限，确保各项措施落地见效。", "要加强跟踪问效，定期通报工作进展。",
              "要坚持问题导向，以钉钉子精神抓好落实。", "要注重总结经验，形成长效机制。"]
# Sentences a plan may end with, naming the next year.
NEXT_YEAR = ["{ny}年，将重点抓好支部标准化规范化建设提质增效。",
             "力争到{ny}年底，{n1}个支部全部达到“五星”标准。",
             "{ny}年计划发展党员{n1}名，进一步优化党员队伍结构。",
             "{ny}年将在全{scope}推广“{b}”工作法。"]

OPENINGS = [  # {y} the year; "" when the year must not appear
    "{y}年，{s}在{sup}的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，紧紧围绕{biz}中心工作，扎实推进党的建设各项工作。",
    "{y}年以来，{s}认真落实新时代党的建设总要求，坚持抓党建促{biz}，各项工作取得了新的成效。",
    "{y}年，{s}深入学习贯彻党的二十大精神，以高质量党建引领{biz}，全面从严治党各项任务落到实处。",
    "{y}年，在{sup}的精心指导下，{s}始终把抓好党建作为最大的政绩，推动党建工作与{biz}深度融合。",
]
OPENINGS_NOYEAR = [
    "今年以来，{s}在{sup}的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，扎实推进党的建设各项工作。",
    "一年来，{s}认真落实新时代党的建设总要求，坚持抓党建促{biz}，各项工作取得了新的成效。",
    "今年来，{s}坚持以党建引领{biz}，全面从严治党各项任务落到实处。",
]
SELF_OPENINGS = [  # 述职报告: the secretary speaks
    "{y}年，本人认真履行抓党建第一责任人职责，坚持把党建工作摆在突出位置，推动{s}建设全面进步、全面过硬。",
    "{y}年以来，我始终牢记党建工作第一责任人职责，坚持党建工作和{biz}同谋划、同部署、同落实。",
    "作为{s}书记，{y}年我认真落实全面从严治党主体责任，把抓好党建作为分内之事、应尽之责。",
]
SELF_OPENINGS_NOYEAR = [
    "今年以来，本人认真履行抓党建第一责任人职责，坚持把党建工作摆在突出位置，推动{s}建设全面进步。",
    "任职以来，我始终牢记党建工作第一责任人职责，坚持党建工作和{biz}同谋划、同部署、同落实。",
]
LEAD_INS = {
    "述职报告": ["现将抓基层党建工作情况述职如下：", "现将履职情况报告如下：", "现就一年来抓党建工作情况述职如下，请予评议。"],
    "工作总结": ["现将全年工作总结如下：", "现将有关情况总结如下：", "现将一年来的工作总结如下："],
    "情况报告": ["现将有关情况报告如下：", "现将工作开展情况报告如下：", "现将落实情况报告如下："],
    "工作报告": ["现将工作情况报告如下，请予审议。", "下面，我代表{s}向大会报告工作，请予审议。"],
}
CLOSINGS = {
    "述职报告": ["以上述职，请予评议。", "以上是我的述职，不妥之处，请各位领导和同志们批评指正。", "以上述职报告，请予审议。"],
    "工作总结": ["", "", "新的一年，我们将再接再厉，推动党建工作再上新台阶。"],
    "情况报告": ["特此报告。", "以上报告，请审阅。", "专此报告。"],
    "工作报告": ["以上报告，请予审议。", "以上报告，请各位代表审议。"],
    "调研报告": ["", "以上调研报告，供领导参阅。"],
    "工作要点": [""],
    "工作计划": ["", "各支部要结合实际，认真抓好落实。"],
    "对照检查材料": ["以上对照检查，请同志们批评帮助。", "恳请同志们提出批评意见，我将虚心接受、认真整改。"],
    "心得体会": [""],
    "讲话稿": [""],
}
SECTIONS = {
    "述职报告": (["履职情况及成效", "抓基层党建工作主要做法", "主要工作及成效", "履行抓党建第一责任人职责情况"],
             ["存在的问题及原因", "存在的问题", "问题和不足", "存在的不足及原因分析"],
             ["下一步工作思路", "下一步工作打算", "今后努力方向", "下步工作措施"]),
    "工作总结": (["主要工作开展情况", "主要工作及成效", "工作开展情况", "重点工作完成情况"],
             ["存在的问题和不足", "存在的问题", "工作中存在的不足"],
             ["下一步工作打算", "{ny}年工作思路", "下一步工作计划"]),
    "情况报告": (["主要工作情况", "工作落实情况", "主要做法及成效"],
             ["存在的问题", "存在的困难和问题"],
             ["下一步工作措施", "下一步工作打算"]),
    "工作报告": (["过去一年的工作回顾", "{y}年工作回顾", "主要工作"],
             ["存在的不足", "问题和差距"],
             ["{ny}年工作安排", "今后工作打算"]),
}


# 工作要点: sections of imperative headings, each with items "heading。body".
POINTS = [
    ("加强党的政治建设", [("坚决做到“两个维护”", "把坚决捍卫“两个确立”、坚决做到“两个维护”作为最高政治原则，严格执行重大事项请示报告制度。"),
                     ("严格落实“第一议题”制度", "第一时间传达学习习近平总书记重要讲话和重要指示批示精神，研究提出贯彻落实措施。"),
                     ("严肃党内政治生活", "高质量开好民主生活会和组织生活会，认真开展批评和自我批评。")]),
    ("加强理论武装", [("深化理论学习", "制定理论学习中心组年度学习计划，每月至少开展一次集中学习。"),
                   ("抓好教育培训", "分级分类开展党员干部轮训，全年培训党员不少于{n}学时。"),
                   ("推进学用结合", "围绕{biz}开展调查研究，每名班子成员牵头完成一项调研课题。")]),
    ("加强基层组织建设", [("推进支部标准化规范化建设", "对照标准开展星级评定，年内{p}%以上的支部达到四星级以上。"),
                       ("严格组织生活制度", "落实“三会一课”、主题党日、谈心谈话等制度，提高组织生活质量。"),
                       ("做好发展党员工作", "坚持标准、严格程序，年内计划发展党员{n1}名。"),
                       ("加强党员教育管理", "用好党员积分管理，常态化开展党员先锋岗创建。")]),
    ("加强党风廉政建设", [("压实“两个责任”", "制定全面从严治党责任清单，层层签订责任书。"),
                       ("加强廉洁教育", "开展警示教育月活动，组织党员干部观看警示教育片。"),
                       ("强化监督执纪", "聚焦{biz}等重点领域，开展专项监督检查不少于{n1}次。")]),
    ("加强宣传思想工作", [("落实意识形态工作责任制", "每半年专题研究一次意识形态工作，定期开展风险研判。"),
                       ("讲好身边故事", "深入挖掘先进典型，在各级媒体刊发宣传稿件不少于{n}篇。")]),
    ("强化工作保障", [("加强组织领导", "各支部书记要切实履行第一责任人职责，亲自研究部署重点任务。"),
                   ("强化考核督导", "将党建工作纳入年度目标考核，考核结果与评先评优挂钩。")]),
]
PLAN_PARTS = {
    "guide": "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，落实新时代党的建设总要求，以提升组织力为重点，为{biz}提供坚强保证。",
    "goal": "通过一年努力，力争实现理论学习更加深入、组织生活更加规范、党员作用更加突出、党建品牌更加鲜明，{p}%以上的支部达到“五星”标准。",
    "safeguard": [("加强组织领导", "成立党建工作领导小组，书记任组长，定期研究解决党建工作中的重要问题。"),
                  ("强化督促检查", "每季度对计划落实情况开展一次督查，督查结果在一定范围内通报。"),
                  ("注重宣传总结", "及时总结推广好经验好做法，营造比学赶超的良好氛围。")],
}
SURVEY_TOPICS = ["加强村级党组织带头人队伍建设", "推进党建引领基层治理", "机关党建与业务深度融合",
                 "发展壮大村级集体经济", "非公企业党建工作", "年轻干部成长成才", "流动党员教育管理",
                 "社区党组织服务能力提升"]
ASPECTS = [
    ("理论学习", ["学习的系统性、持续性不够，有时以干代学，满足于读文件、听传达。",
              "运用党的创新理论指导实践的能力还不强，学用结合不够紧密。"]),
    ("政治素质", ["政治敏锐性和鉴别力还不够强，对一些错误思潮辨别不够及时。",
              "对上级决策部署有时理解不深不透，贯彻落实中存在打折扣的情况。"]),
    ("能力本领", ["面对新形势新任务，本领恐慌的问题仍然存在，破解难题的办法不多。",
              "抓{biz}的专业能力还有短板，创新思路不宽。"]),
    ("担当作为", ["有时存在求稳怕乱思想，面对复杂矛盾主动攻坚不够。",
              "抓工作有时满足于完成任务，追求卓越、争创一流的劲头有所减弱。"]),
    ("工作作风", ["深入基层调研不够，有时调研走马观花，解决实际问题不多。",
              "文山会海问题仍有反弹，有的工作安排重部署、轻落实。"]),
    ("廉洁自律", ["对身边工作人员要求不够严格，提醒教育不够经常。",
              "勤俭节约意识有所松懈，对一些小事小节重视不够。"]),
]
CAUSES = [("理想信念有所弱化", "放松了对世界观、人生观、价值观的改造，理论学习没有真正入脑入心。"),
          ("宗旨意识有所淡化", "与群众的感情不如从前深厚，主动深入群众、倾听呼声的自觉性不够。"),
          ("纪律约束有所松懈", "对纪律规矩的敬畏之心有所减弱，自我要求有所放松。"),
          ("担当精神有所减退", "缺乏敢闯敢试的勇气，工作标准和要求有所降低。")]
REMEDIES = [("加强理论武装，坚定理想信念", "坚持每天学习不少于一小时，认真研读原著原文，做到学思用贯通。"),
            ("践行宗旨意识，密切联系群众", "每月深入联系点调研不少于两次，帮助群众解决急难愁盼问题。"),
            ("严守纪律规矩，筑牢廉洁防线", "严格落实中央八项规定精神，管好家属和身边工作人员。"),
            ("强化担当作为，狠抓工作落实", "对照年度目标任务，建立工作台账，以钉钉子精神推动工作落地。")]
INSIGHTS = [  # 心得体会: heading, sentences (first person)
    ("坚定理想信念，筑牢信仰之基", ["理想信念是共产党人精神上的“钙”，只有筑牢信仰之基，才能经受住各种风浪考验。",
                           "我将把学习作为一种精神追求，在学深悟透中坚定理想信念。",
                           "通过这次学习，我对党的创新理论有了更加系统的理解，思想上受到了一次深刻洗礼。",
                           "无论环境如何变化，都要做到信念不动摇、方向不偏离。"]),
    ("牢记宗旨意识，践行为民初心", ["为人民服务是我们党的根本宗旨，基层工作千头万绪，归根到底是为群众办实事。",
                           "今后我将多到群众中走一走、听一听，把群众的操心事当作自己的分内事。",
                           "只有真正沉下身子、扑下身子，才能赢得群众的信任和支持。",
                           "群众满意不满意，是检验我们工作成效的根本标准。"]),
    ("强化担当作为，争当干事先锋", ["干部就要有担当，有多大担当才能干多大事业。",
                           "面对{biz}中的难题，我将主动请缨、迎难而上，在攻坚克难中磨砺本领。",
                           "对照先进典型，我深感自身在敢闯敢试、攻坚克难方面还有不小差距。",
                           "今后我将以更加饱满的热情投入工作，做到遇事不推、见难不避。"]),
    ("严守纪律规矩，永葆清正本色", ["纪律是管党治党的“戒尺”，必须时刻绷紧纪律这根弦。",
                           "我将严格遵守廉洁自律各项规定，做到慎独慎微、防微杜渐。",
                           "警示教育中的一个个案例告诉我们，小节不守、大节难保。",
                           "我将自觉接受组织和群众监督，始终做到干净干事。"]),
    ("勤学善思笃行，提升履职本领", ["本领不是天生的，是学出来、干出来的。",
                           "我将坚持干什么学什么、缺什么补什么，努力成为{biz}的行家里手。",
                           "培训中老师们深入浅出的讲解，让我对做好本职工作有了新的思路。",
                           "学习永远在路上，只有不断充电，才能跟上时代发展的步伐。"]),
]
EVENTS = ["县委组织部举办的基层党组织书记培训班", "党的创新理论专题学习", "主题教育读书班",
          "赴红色教育基地的现场教学", "“{b}”专题党课", "全市党务干部能力提升培训"]
SPEECH = [  # head, paragraph, items (head, text)
    ("提高政治站位，切实增强做好党建工作的责任感使命感",
     ["办好中国的事情，关键在党。我们要深刻认识到，党建工作抓得好不好，直接关系到{biz}成效。",
      "过去一年，各级党组织认真履职尽责，党建工作取得了新的成效，这些成绩来之不易。",
      "同时也要清醒看到，一些支部组织生活不够规范、党员作用发挥不够充分，这些问题必须认真加以解决。",
      "各级党组织要把抓好党建作为最大的政绩，坚决克服重业务轻党建的倾向。"], []),
    ("聚焦重点任务，推动党建工作提质增效", ["今年的党建工作，任务重、要求高，要重点抓好以下几个方面。"],
     [("要在强化理论武装上下功夫", "要持续推动党的创新理论入脑入心，坚持读原著、学原文、悟原理，切实把学习成效转化为推动{biz}的实际行动。"),
      ("要在建强基层组织上下功夫", "要深化支部标准化规范化建设，严格落实“三会一课”制度，推动每个支部都成为坚强战斗堡垒。"),
      ("要在正风肃纪上下功夫", "要坚决纠治形式主义、官僚主义，紧盯重要节点开展监督检查，以严的基调营造风清气正的良好环境。"),
      ("要在推动融合发展上下功夫", "要坚持党建工作与业务工作同谋划、同部署、同考核，以党建的实际成效检验{biz}的质量。")]),
    ("压实工作责任，确保各项任务落地见效",
     ["各支部书记要认真履行第一责任人职责，重要工作亲自部署、重大问题亲自过问。",
      "班子成员要落实“一岗双责”，既抓分管业务，又抓分管领域党建。",
      "要建立健全考核评价机制，把党建考核结果作为干部选拔任用的重要依据。",
      "要坚持问题导向，对工作推进不力的支部及时约谈提醒，确保各项任务落到实处。"], []),
]
LESSON = [  # 党课: its historical years are no year of the report
    ("回望百年奋斗历程，汲取前进力量",
     ["1921年7月，中国共产党第一次全国代表大会召开，中国革命的面貌从此焕然一新。",
      "1949年，新中国成立，中国人民从此站起来了。",
      "1978年，党的十一届三中全会开启了改革开放的伟大征程。",
      "回顾党的奋斗历程，我们更加深刻地认识到，中国共产党为什么能、马克思主义为什么行。"], []),
    ("深刻把握伟大建党精神的丰富内涵",
     ["坚持真理、坚守理想，践行初心、担当使命，不怕牺牲、英勇斗争，对党忠诚、不负人民，这是我们党的精神之源。",
      "无数共产党人用热血和生命诠释了对党的忠诚，他们的事迹至今感人至深。",
      "在革命、建设、改革各个历史时期，一代又一代共产党人把这种精神发扬光大。",
      "今天，我们身边同样有许多默默奉献的共产党员，他们扎根基层、甘于奉献，用行动诠释着初心使命。",
      "作为新时代的党员，我们要从伟大建党精神中汲取奋进力量。"], []),
    ("立足岗位建功立业，践行初心使命", ["初心不是挂在嘴上的口号，而是体现在一件件具体工作之中。"],
     [("坚定理想信念", "要把学习党的创新理论作为终身课题，在学思践悟中筑牢信仰之基。"),
      ("勇于担当作为", "希望大家立足本职岗位，在{biz}中冲锋在前、干在实处，用实绩诠释忠诚。"),
      ("永葆清廉本色", "要时刻绷紧纪律这根弦，自觉接受监督，守住拒腐防变的防线。"),
      ("密切联系群众", "要经常到群众中去，听民声、察民情、解民忧，把群众的小事当作自己的大事。")]),
]
LESSON_THEMES = ["传承红色基因 争做时代先锋", "赓续红色血脉 奋进新的征程", "牢记初心使命 勇于担当作为",
                 "弘扬伟大建党精神 凝聚奋进力量", "学思践悟强党性 踔厉奋发建新功"]
HISTORY = [  # historical years a careless reader takes for the year of a report
    "{we}党组织成立于1958年，是一个有着光荣传统的基层党组织。",
    "自1983年组建以来，{s}始终坚持把党建工作摆在首位。",
    "1998年抗洪抢险中涌现出的先进事迹，至今仍激励着{we}党员干部。",
    "今年是建党100周年，{s}以党史学习教育为主线，组织党员重温1921年以来党的光辉历程。",
    "{we}始建于1965年，几代党员接续奋斗，形成了“{b}”的优良传统。",
]


# --- A report: its lines, and what the labels say about them -------------------------------


@dataclass
class Line:
    role: str  # title, redhead, author, addressee, para, heading, sign, date, noise, blank
    sents: list[str]  # the report's own text, sentence by sentence (a noise line: its text)
    heading: str | None = None  # label of a heading line
    level: int = 0  # 2..5 for headings
    raw: dict[int, str] = field(default_factory=dict)  # sentence -> as it stands in the file
    zone: str = ""  # noise: where a web page shows it (for the HTML pages)
    labels: list[str] = field(default_factory=list)  # noise: the items to label

    def clean(self) -> str:
        return "".join(self.sents)

    def text(self) -> str:
        return "".join(self.raw.get(i, s) for i, s in enumerate(self.sents))


@dataclass
class Item:
    head: str | None
    sents: list[str]
    subs: list["Item"] = field(default_factory=list)


@dataclass
class Section:
    head: str | None
    items: list[Item]
    intro: list[str] = field(default_factory=list)


class Doc:
    def __init__(self, rng: random.Random, spec: dict):
        self.rng = rng
        self.spec = spec
        self.lines: list[Line] = []
        self.noise: list[str] = []
        self.must_keep: list[str] = []
        self.title = ""
        self.year = spec["year"]
        self.unit_label: str | None = None

    # slots ------------------------------------------------------------------------------
    def fill(self, template: str) -> str:
        r = self.rng
        ctx = self.ctx
        last = [60]

        def rep(m: re.Match) -> str:
            k = m.group(1)
            if k == "n":
                last[0] = r.randint(3, 60)
                return str(last[0])
            if k == "le":  # no more than the count before it
                return str(r.randint(1, max(1, last[0])))
            if k == "n1":
                return str(r.randint(2, 9))
            if k == "m":
                return str(r.randint(120, 1800))
            if k == "p":
                return str(r.randint(86, 99))
            if k == "q":
                return str(r.randint(8, 35))
            if k == "w":
                return str(r.randint(12, 95))
            return ctx[k]

        text = re.sub(r"\{(\w+)\}", rep, template)
        year = int(ctx["y"])  # the congress a report of that year studies
        return text.replace("党的二十大", "党的十八大" if year < 2018 else "党的十九大" if year < 2023 else "党的二十大")

    def add(self, role: str, sents: list[str] | str, **kw) -> Line:
        line = Line(role, [sents] if isinstance(sents, str) else list(sents), **kw)
        self.lines.append(line)
        return line

    def add_noise(self, text: str, labels: list[str] | None = None, zone: str = "", where: int | None = None) -> Line:
        line = Line("noise", [text], zone=zone, labels=list(labels) if labels is not None else [text])
        if where is None:
            self.lines.append(line)
        else:
            self.lines.insert(where, line)
        self.noise.extend(line.labels)
        return line

    def own(self) -> list[Line]:
        return [line for line in self.lines if line.role not in ("noise", "blank")]

    def clean_text(self) -> str:
        return "\n".join(line.clean() for line in self.own())

    def paragraphs(self) -> list[Line]:
        return [line for line in self.lines if line.role == "para" and line.sents]


SENTENCE = re.compile(r"[^。；！？]*[。；！？]|[^。；！？]+$")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.findall(text) if s]


# --- Titles -------------------------------------------------------------------------------

TITLES = {  # (with unit, with year) -> patterns; {U} unit, {Y} year text
    "述职报告": {
        (1, 1): ["{U}书记{Y}年度抓基层党建工作述职报告", "{Y}年度{U}书记抓基层党建工作述职报告",
                 "{U}书记{Y}年度履行全面从严治党主体责任述职报告", "{U}书记{Y}年抓党建工作述职情况报告",
                 "{U}书记{Y}年述职报告"],
        (1, 0): ["{U}书记抓基层党建工作述职报告", "{U}书记履行党建工作责任述职报告"],
        (0, 1): ["{Y}年度抓基层党建工作述职报告", "{Y}年度个人述职报告", "{Y}年党组织书记抓党建述职报告"],
        (0, 0): ["抓基层党建工作述职报告", "书记抓党建工作述职报告", "履行全面从严治党主体责任述职报告",
                 "党组织书记抓基层党建述职报告", "抓党建工作述职报告"],
    },
    "工作总结": {
        (1, 1): ["{U}{Y}年度党建工作总结", "{U}{Y}年党建工作总结", "{U}{Y}年上半年党建工作总结",
                 "{U}关于{Y}年党建工作的总结", "{Y}年{U}党风廉政建设工作总结", "{U}{Y}年度党建工作情况总结"],
        (1, 0): ["{U}党建工作总结", "{U}年度党建工作总结"],
        (0, 1): ["{Y}年度党建工作总结", "{Y}年党建工作总结", "{Y}年度基层党建工作总结"],
        (0, 0): ["党建工作总结", "年度党建工作总结", "基层党建工作总结", "关于全年党建工作的总结", "党建工作情况总结",
                 "抓党建促发展工作总结", "全面从严治党工作总结"],
    },
    "情况报告": {
        (1, 1): ["{U}关于{Y}年度落实全面从严治党主体责任情况的报告", "{U}关于{Y}年党建工作情况的报告",
                 "{U}{Y}年意识形态工作责任制落实情况报告", "{U}关于{Y}年度基层党建工作开展情况的报告"],
        (1, 0): ["{U}关于党建工作开展情况的报告", "{U}关于落实党风廉政建设责任制情况的报告"],
        (0, 1): ["关于{Y}年度基层党建工作情况的报告", "关于{Y}年落实全面从严治党主体责任情况的报告",
                 "关于{Y}年度意识形态工作情况的报告"],
        (0, 0): ["关于基层党建工作情况的报告", "关于落实全面从严治党主体责任情况的报告"],
    },
    "工作报告": {
        (1, 1): ["{U}{Y}年党建工作报告", "{U}{Y}年度工作报告"],
        (1, 0): ["{U}工作报告"],
        (0, 1): ["{Y}年党建工作报告", "{Y}年度党建工作报告"],
        (0, 0): ["党建工作报告"],
    },
    "工作要点": {
        (1, 1): ["{U}{Y}年党建工作要点", "{Y}年{U}全面从严治党工作要点", "{U}{Y}年度党建工作要点"],
        (0, 1): ["{Y}年党建工作要点", "{Y}年度机关党建工作要点"],
    },
    "工作计划": {
        (1, 1): ["{U}{Y}年党建工作计划", "{U}{Y}年度党员教育培训工作计划", "{U}{Y}年度党建工作计划"],
        (0, 1): ["{Y}年度党建工作计划", "{Y}年党建工作计划"],
    },
    "调研报告": {
        (1, 0): ["{U}关于{T}的调研报告"],
        (0, 0): ["关于{T}的调研报告", "{T}调研报告", "关于{T}情况的调查报告", "关于{T}的调研与思考"],
        (1, 1): ["{U}关于{Y}年{T}情况的调研报告"],
        (0, 1): ["关于{Y}年{T}情况的调研报告"],
    },
    "对照检查材料": {
        (1, 1): ["{U}领导班子{Y}年度民主生活会对照检查材料", "{U}{Y}年度民主生活会班子对照检查材料"],
        (0, 1): ["{Y}年度民主生活会个人对照检查材料", "{Y}年度组织生活会个人对照检查材料",
                 "{Y}年度专题民主生活会个人发言提纲"],
        (0, 0): ["主题教育专题民主生活会个人发言提纲", "专题组织生活会个人对照检查材料"],
        (1, 0): ["{U}领导班子专题民主生活会对照检查材料"],
    },
    "心得体会": {
        (0, 0): ["学习党的二十大精神心得体会", "参加党组织书记培训班心得体会", "主题教育学习心得体会",
                 "党纪学习教育心得体会", "学习贯彻党的创新理论心得体会"],
        (0, 1): ["{Y}年度党员学习心得体会", "{Y}年党务干部培训心得体会"],
    },
    "讲话稿": {
        (1, 1): ["{U}书记在{Y}年党建工作会议上的讲话", "{U}书记在{Y}年全面从严治党工作会议上的讲话"],
        (0, 1): ["在{Y}年全面从严治党工作会议上的讲话", "在{Y}年度组织生活会上的点评讲话"],
        (0, 0): ["党课讲稿：{TH}", "专题党课讲稿：{TH}", "{TH}——专题党课讲稿"],
        (1, 0): ["{U}书记专题党课讲稿：{TH}"],
    },
}

DATE_STYLES = ["{y}年{mo}月{d}日", "{y}年{mo}月{d}日", "{y}年{mo}月", "{y}.{mo}.{d}"]


def date_text(rng: random.Random, y: int, mo: int, d: int, style: str | None = None) -> str:
    style = style or rng.choice(DATE_STYLES)
    if style == "cn":
        return f"{cn_year(y)}年{cn_number(mo)}月{cn_number(d)}日"
    return style.format(y=y, mo=mo, d=d)


# --- The body: sections by type, then laid out in one of the outline styles ----------------


def pick(rng: random.Random, items: list, k: int) -> list:
    return rng.sample(items, min(k, len(items)))


def topic_item(doc: Doc, topic: dict, subs_ok: bool) -> Item:
    rng = doc.rng
    head = doc.fill(rng.choice(topic["heads"]))
    templates = pick(rng, topic["sents"], 5)
    if subs_ok and rng.random() < 0.3:
        # 1. 2. 3. under the item: each names what its sentence is about
        subs, names = [], set()
        for t in templates:
            name = next((h for kw, h in topic["subs"] if kw in t), None)
            if name and name not in names and len(subs) < 3:
                names.add(name)
                subs.append(Item(name, [doc.fill(t)]))
        if len(subs) >= 2:
            return Item(head, [], subs)
    return Item(head, [doc.fill(t) for t in templates[: rng.randint(2, 4)]])


def work_items(doc: Doc, subs_ok: bool) -> list[Item]:
    rng = doc.rng
    keys = pick(rng, list(TOPICS), rng.randint(3, 5))
    items = [topic_item(doc, TOPICS[k], subs_ok) for k in keys]
    kind = doc.unit.kind if doc.unit.kind in KIND_TOPICS else ("village" if doc.unit.kind == "town" else None)
    if kind and rng.random() < 0.6:
        items.insert(rng.randint(0, len(items)), topic_item(doc, KIND_TOPICS[kind], subs_ok))
    return items


def problem_items(doc: Doc, first_person: bool) -> list[Item]:
    rng = doc.rng
    if first_person or rng.random() < 0.25:
        pool = SELF_PROBLEMS if first_person else [s for _, s in PROBLEMS]
        chosen = [doc.fill(s) for s in pick(rng, pool, rng.randint(2, 3))]
        marks = ["一是", "二是", "三是"]
        return [Item(None, [marks[i] + s for i, s in enumerate(chosen)])]
    return [Item(doc.fill(h), [doc.fill(s)] + ([rng.choice(ELABORATIONS)] if rng.random() < 0.4 else []))
            for h, s in pick(rng, PROBLEMS, rng.randint(2, 4))]


def plan_items(doc: Doc) -> list[Item]:
    rng = doc.rng
    items = [Item(doc.fill(h), [doc.fill(s)] + ([rng.choice(FOLLOW_UPS)] if rng.random() < 0.4 else []))
             for h, s in pick(rng, PLANS, rng.randint(2, 4))]
    if doc.next_year_ok and (doc.spec["year_mode"] == "dec_plans" or rng.random() < 0.3):
        items[-1].sents.append(doc.fill(rng.choice(NEXT_YEAR)))
    return items


def head_ok(doc: Doc, head: str) -> bool:
    return doc.year_text_ok or ("{y}" not in head and "{ny}" not in head)


def report_sections(doc: Doc) -> list[Section]:
    rng, kind = doc.rng, doc.spec["type"]
    subs_ok = doc.spec["outline"] in ("std", "half", "md", "liangdian", "part")
    if kind in SECTIONS:
        work, problems, plans = (rng.choice([h for h in heads if head_ok(doc, h)]) for heads in SECTIONS[kind])
        sections = []
        if kind == "情况报告" and rng.random() < 0.4:
            sections.append(Section("基本情况", [], [doc.fill("{s}下设党支部{n1}个，共有党员{n}名，其中35岁以下党员{le}名。")]))
        sections += [Section(doc.fill(work), work_items(doc, subs_ok)),
                     Section(doc.fill(problems), problem_items(doc, kind == "述职报告")),
                     Section(doc.fill(plans), plan_items(doc))]
        return sections
    if kind == "工作要点":
        out = []
        for head, items in pick(rng, POINTS, rng.randint(4, 6)):
            out.append(Section(head, [Item(h, [doc.fill(b)] + ([rng.choice(FOLLOW_UPS)] if rng.random() < 0.3 else []))
                                      for h, b in pick(rng, items, rng.randint(2, 4))]))
        return out
    if kind == "工作计划":
        tasks = [Item(doc.fill(rng.choice(TOPICS[k]["heads"])), [doc.fill(s) for s in pick(rng, TOPICS[k]["sents"], rng.randint(2, 3))])
                 for k in pick(rng, list(TOPICS), rng.randint(3, 5))]
        return [Section("指导思想", [], [doc.fill(PLAN_PARTS["guide"])]),
                Section("工作目标", [], [doc.fill(PLAN_PARTS["goal"])]),
                Section("主要任务", tasks),
                Section("保障措施", [Item(h, [b]) for h, b in pick(rng, PLAN_PARTS["safeguard"], 3)])]
    if kind == "调研报告":
        basic = doc.fill(rng.choice(["{s}共有基层党组织{n}个、党员{m}名，其中35岁以下党员占{q}%。",
                                     "调研范围内共有党支部{n}个，党员{m}名，党组织书记平均年龄{n}岁。"]))
        return [Section("基本情况", [], [basic]),
                Section(rng.choice(["主要做法及成效", "主要做法", "取得的成效"]), work_items(doc, False)[:3]),
                Section(rng.choice(["存在的主要问题", "存在的困难和问题", "存在的问题"]), problem_items(doc, False)),
                Section(rng.choice(["对策建议", "几点建议", "意见建议"]), plan_items(doc))]
    if kind == "对照检查材料":
        aspects = [Item(f"在{a}方面", [doc.fill(s) for s in texts]) for a, texts in pick(rng, ASPECTS, rng.randint(4, 6))]
        return [Section(rng.choice(["检视查摆的主要问题", "存在的问题", "对照检查情况"]), aspects),
                Section(rng.choice(["产生问题的原因分析", "原因剖析", "问题产生的根源"]),
                        [Item(h, [s]) for h, s in pick(rng, CAUSES, rng.randint(3, 4))]),
                Section(rng.choice(["整改措施", "今后努力方向和整改措施", "下一步整改措施"]),
                        [Item(h, [s] + ([rng.choice(FOLLOW_UPS)] if rng.random() < 0.4 else [])) for h, s in pick(rng, REMEDIES, rng.randint(3, 4))])]
    if kind == "心得体会":
        return [Section(h, [], [doc.fill(s) for s in texts]) for h, texts in pick(rng, INSIGHTS, rng.randint(4, 5))]
    if kind == "讲话稿":
        source = LESSON if doc.lesson else SPEECH
        return [Section(h, [Item(ih, [doc.fill(t)]) for ih, t in pick(rng, items, rng.randint(2, len(items))) ] if items else [],
                        [doc.fill(s) for s in texts]) for h, texts, items in source]
    raise ValueError(kind)


LIANGDIAN = ["亮点", "做法", "举措"]
L4_FORMS = ["{i}．", "{i}.", "{i}. ", "{i}、"]


def layout(doc: Doc, sections: list[Section]) -> None:
    """The sections as lines, numbered (or not) in the report's outline style."""
    rng, style = doc.rng, doc.spec["outline"]
    inline = style == "inline" or (style in ("std", "half", "part") and rng.random() < 0.3)
    l4 = rng.choice(["{i}.", "{i}、"]) if style == "half" else rng.choice(L4_FORMS)
    sub_open, sub_close = ("(", ")") if style == "half" else ("（", "）")
    mark = rng.choice(LIANGDIAN)
    yishi_merged = rng.random() < 0.5

    def heading(text: str, level: int, label: str | None = None, body: list[str] | None = None) -> None:
        label = label or text
        if body:
            doc.add("para", [text + "。", *body], heading=label, level=level)
        else:
            doc.add("heading", text, heading=label, level=level)

    def paras(sents: list[str]) -> None:
        if sents:
            doc.add("para", sents)

    for si, sec in enumerate(sections):
        if style in ("part", "chapter"):
            word = "部分" if style == "part" else "章"
            sep = rng.choice([" ", "　", ""]) if style == "chapter" else " "
            text = f"第{CN_NUM[si]}{word}{sep}{sec.head}" if sec.head else None
        elif style == "nonum":
            text = sec.head
        elif style == "md":
            text = f"{CN_NUM[si]}、{sec.head}" if doc.md_numbered else sec.head
        else:
            text = f"{CN_NUM[si]}、{sec.head}"
        if text and sec.intro and style in ("inline",) and not sec.items:
            heading(text, 2, body=sec.intro)
        else:
            if text:
                heading(text, 2)
            paras(sec.intro)
        for ii, item in enumerate(sec.items):
            if item.head is None:
                paras(item.sents)
                continue
            if style == "yishi" or (style == "chapter" and si > 0):
                body = CN_NUM[ii] + "是" + item.head + "。" + "".join(item.sents + [s for sub in item.subs for s in sub.sents])
                if yishi_merged and doc.lines and doc.lines[-1].role == "para" and ii > 0:
                    doc.lines[-1].sents.extend(sentences(body))
                else:
                    doc.add("para", sentences(body))
                continue
            if style == "liangdian" and si == 0:
                label = f"{mark}{CN_NUM[ii]}：{item.head}"
            elif style == "nonum":
                label = item.head
            elif style == "part":
                label = f"{CN_NUM[ii]}、{item.head}"
            elif style == "chapter":
                label = f"第{CN_NUM[ii]}节 {item.head}"
            elif style == "md" and not doc.md_numbered:
                label = item.head
            else:
                label = f"{sub_open}{CN_NUM[ii]}{sub_close}{item.head}"
            sents = item.sents + ([] if item.subs else [])
            if inline and sents and not item.subs:
                heading(label, 3, body=sents)
            else:
                heading(label, 3)
                paras(sents)
            for ui, sub in enumerate(item.subs):
                if style == "nonum":
                    paras(sub.sents)
                    continue
                sub_label = ("{i}. " if style == "md" else l4).format(i=ui + 1) + sub.head
                heading(sub_label, 4, label=sub_label.rstrip())
                paras(sub.sents)


# --- Assembly ------------------------------------------------------------------------------

SURVEY_TRAPS = ["公立医院党委领导下的院长负责制运行情况", "国有企业党委前置研究讨论重大经营管理事项情况",
                "非公企业党支部作用发挥情况", "村党组织书记队伍建设情况"]
POSTS = {"bureau": "副局长", "town": "副镇长", "street": "副主任", "hospital": "副院长", "soe": "副总经理", "bank": "副行长",
         "school": "副校长", "village": "村委会副主任", "community": "居委会副主任", "organ": "副主任"}
REDHEADS = ["orgdept", "bureau", "town", "soe", "organs"]


def redhead_unit(doc: Doc, which: str, issue_year: int) -> tuple[Unit, list[str], str]:
    """(unit, red-head lines, addressee) of a document issued with a red head."""
    rng = doc.rng
    n = rng.randint(2, 68)
    bracket = rng.choice(["〔{y}〕", "〔{y}〕", "[{y}]", "（{y}）"]).format(y=issue_year)
    county = rng.choice([c for c in COUNTIES + CITIES if not c.startswith(("×", "X", "某"))] + ["某某县", "××县"])
    c = county[0] if county[0] not in "×X某" else "×"
    if which == "orgdept":
        u = Unit(f"中共{county}委组织部", "organ", "县委组织部" if county[-1] == "县" else "市委组织部", "我县",
                 "市委组织部" if county[-1] == "县" else "省委组织部", "基层党建", county, "部长")
        no, addressee = f"{c}组{bracket}{n}号", u.superior + "："
        lines = [u.name, no]
    elif which == "bureau":
        bureau, biz = rng.choice(BUREAUS)
        u = Unit(f"中共{county}{bureau}党组", "bureau", "局党组", "我局", county[-1] + "委", biz, county, "党组书记")
        no, addressee = f"{c}{bureau[0]}党组{bracket}{n}号", county[-1] + "委："
        lines = [u.name, no]
    elif which == "town":
        town = rng.choice([t for t in TOWNS if not t.startswith(("×", "X", "某"))])
        u = Unit(f"中共{town}委员会", "town", town[-1] + "党委", "我" + town[-1], "县委", "乡村振兴", town, "党委书记")
        no, addressee = f"{town[0]}发{bracket}{n}号", "县委："
        lines = [u.name, no]
    elif which == "soe":
        soe = make_unit(rng, "soe")
        name = soe.name.rsplit("党", 1)[0] + "党委" if "党" in soe.name else soe.name
        u = Unit(name, "soe", "公司党委", "公司", soe.superior, soe.biz, soe.place, "党委书记")
        no, addressee = f"{soe.place[0]}党{bracket}{n}号", soe.superior + "："
        lines = [name + "文件", no]
    else:
        city = rng.choice([c for c in CITIES if not c.startswith(("×", "X", "某"))])
        u = Unit(f"中共{city}直属机关工作委员会", "organ", "市直机关工委", "市直机关", "市委", "机关党建", city, "书记")
        no, addressee = f"{city[0]}直工委{bracket}{n}号", "市委组织部："
        lines = [u.name, no]
    if rng.random() < 0.6:
        signer = "签发人：" + person(rng)
        if rng.random() < 0.4:
            lines[-1] = lines[-1] + "　　　　" + signer
            doc.redhead_keep = [no, signer]
        else:
            lines.append(signer)
            doc.redhead_keep = [no, signer]
    else:
        doc.redhead_keep = [no]
    return u, lines, addressee


def build_report(rng: random.Random, spec: dict) -> Doc:
    doc = Doc(rng, spec)
    kind, mode, y = spec["type"], spec["year_mode"], spec["year"]
    ref_year = y if y else rng.randint(2018, 2024)
    doc.year_text_ok = mode in ("title", "open", "range", "hist", "next")
    doc.next_year_ok = mode in ("title", "open", "range", "dec_plans", "hist")
    doc.lesson = kind == "讲话稿" and spec.get("lesson", False)
    doc.md_numbered = rng.random() < 0.6
    doc.redhead_keep = []
    unit_mode = spec["unit_mode"]
    # the date at the end, and the year of a red head's number
    if mode == "next":
        date = (y - 1, 12, rng.randint(15, 30)) if rng.random() < 0.7 else (y, 1, rng.randint(5, 25))
    elif mode == "dec_plans":
        date = (y, 12, rng.choice([26, 27, 28, 29, 30]))
    elif mode == "none":
        date = None
    elif kind in ("工作要点", "工作计划"):
        date = (ref_year, rng.randint(1, 2), rng.randint(3, 26))
    elif kind in ("讲话稿", "心得体会", "调研报告"):
        date = (ref_year, rng.randint(3, 11), rng.randint(1, 28))
    else:
        date = (ref_year, 12, rng.randint(10, 31)) if rng.random() < 0.7 else (ref_year + 1, 1, rng.randint(4, 20))
        if mode in ("close", "close_cn") and date[0] != ref_year:
            date = (ref_year, 12, rng.randint(10, 31))
    if unit_mode == "redhead":
        unit, red_lines, addressee = redhead_unit(doc, spec.get("redhead", rng.choice(REDHEADS)), date[0] if date else ref_year)
    else:
        unit = make_unit(rng, spec["unit_kind"])
        red_lines, addressee = [], ""
    if spec.get("unit_trap") == "zai":
        unit.superior = unit.place + ("党工委" if unit.place.endswith("街道") else "党委")
    doc.unit = unit
    doc.ctx = dict(s=unit.self_ref, we=unit.we, sup=unit.superior, biz=unit.biz, b=rng.choice(BRANDS),
                   a=rng.choice(ACTIVITIES), crop=rng.choice(CROPS), y=str(ref_year), ny=str(ref_year + 1),
                   scope=rng.choice(["系统", "县", "局", "镇", "市"]))
    doc.unit_label = unit.name if unit_mode != "none" else None

    # title
    yflag = 1 if mode in ("title", "range", "next", "title_cn") else 0
    uflag = 1 if unit_mode == "title" else 0
    patterns = TITLES[kind].get((uflag, yflag))
    assert patterns, (spec["file"], kind, uflag, yflag)
    pattern = rng.choice(patterns)
    if spec.get("unit_trap") == "survey":
        pattern = "调研报告：{T}"
    if mode == "range":
        start = ref_year - rng.choice([2, 2, 1, 4])
        ytext = rng.choice(["{a}年至{b}", "{a}—{b}", "{a}-{b}", "{a}年—{b}", "{a}～{b}"]).format(a=start, b=ref_year)
        doc.range_start = start
    elif mode == "title_cn":
        ytext = cn_year(ref_year)
    else:
        ytext = str(ref_year)
    theme = rng.choice(LESSON_THEMES)
    topic = rng.choice(SURVEY_TOPICS) if spec.get("unit_trap") != "survey" else rng.choice(SURVEY_TRAPS)
    if spec.get("unit_trap") == "survey" and unit_mode != "redhead":
        # the body that surveys them: 调研报告：公立医院党委… is no unit
        place = rng.choice([c for c in COUNTIES + CITIES if not c.startswith(("×", "X", "某"))])
        if "医院" in topic:
            name, ref = place + "卫生健康局党委", "局党委"
        elif "国有企业" in topic:
            name, ref = place + "国有资产监督管理委员会党委", "委党委"
        else:
            name, ref = rng.choice([(place + "委组织部", "部机关"), (place + "直机关工委", "工委")])
        unit = Unit(name, "organ", ref, "我们", "上级党委", rng.choice(["基层党建", "党建工作"]), place, "书记")
        doc.unit = unit
        doc.ctx.update(s=unit.self_ref, we=unit.we, sup=unit.superior, biz=unit.biz)
        doc.unit_label = unit.name
    title = pattern.replace("{U}", unit.name).replace("{Y}", ytext).replace("{T}", topic).replace("{TH}", theme)
    title = title.replace("党的二十大", "党的十八大" if ref_year < 2018 else "党的十九大" if ref_year < 2023 else "党的二十大")
    if ref_year < 2024:
        title = title.replace("党纪学习教育", "作风建设专题学习")
    doc.title = title

    # head of the document
    if red_lines:
        for text in red_lines:
            doc.add("redhead", text)
        doc.lines.append(Line("blank", []))
    doc.add("title", title)
    if unit_mode == "author":
        name = person(rng)
        if kind == "对照检查材料":
            post = POSTS.get(unit.kind, "组织委员")
            author = f"{unit.name}{'成员' if unit.name.endswith(('党组', '党委', '党工委')) else '委员'}、{post} {name}"
        elif kind == "心得体会":
            author = rng.choice([f"{unit.name} {name}", f"（{unit.name}党员 {name}）", f"{unit.name}　{name}"])
        elif kind == "调研报告":
            author = rng.choice([f"{unit.name}调研组", f"{unit.name}课题组"])
        elif kind == "述职报告":
            author = rng.choice([f"{unit.name}书记 {name}", f"{unit.name}书记　{name}", f"述职人：{unit.name}书记 {name}",
                                 f"（{unit.name}书记 {name}）"])
        elif kind == "讲话稿":
            author = rng.choice([f"{unit.name}书记 {name}", f"{unit.name}书记　{name}"])
        else:
            author = rng.choice([f"{unit.name}书记 {name}", unit.name, f"（{unit.name}）", f"报送单位：{unit.name}"])
        doc.add("author", author)
        doc.author_line = author
    if doc.lesson and mode == "hist" and date:
        doc.add("author", f"（{date_text(rng, *date, style='{y}年{mo}月{d}日')}）")
    if addressee or (kind == "情况报告" and rng.random() < 0.5):
        doc.add("addressee", addressee or doc.unit.superior + "：")
    if kind == "讲话稿":
        doc.add("para", "同志们：")

    # opening paragraph
    doc.build_opening(kind, mode, ref_year)
    sections = report_sections(doc)
    doc.inject_opposite(sections)
    layout(doc, sections)
    closing = doc.fill(rng.choice(CLOSINGS[kind]))
    if kind == "讲话稿":
        closing = rng.choice(["同志们，新的征程催人奋进，让我们更加紧密地团结起来，以更加昂扬的斗志推动各项工作再上新台阶！",
                              "同志们，使命呼唤担当，实干成就未来。让我们坚定信心、真抓实干，以优异成绩向党和人民交出满意答卷！"])
    if kind == "心得体会" and rng.random() < 0.7:
        closing = "作为一名党员，我将以这次学习为新的起点，把学习成果转化为干事创业的实际行动，在本职岗位上作出新的更大贡献。"
    if closing:
        doc.add("para", closing)
    # signature block: the unit, then the date
    if unit_mode == "sign" or (unit_mode in ("title", "redhead") and rng.random() < 0.5):
        pad = rng.choice(["", "", "　　　　　　　　", "                "])
        doc.add("sign", pad + unit.name if pad else unit.name)
    if date and (mode in ("close", "close_cn", "dec_plans", "next") or unit_mode == "sign" or rng.random() < 0.5) \
            and not (doc.lesson and mode == "hist"):
        style = "cn" if mode == "close_cn" else ("{y}年{mo}月{d}日" if mode == "dec_plans" else None)
        doc.add("date", date_text(rng, *date, style=style))
    return doc


def build_opening(self: Doc, kind: str, mode: str, y: int) -> None:
    rng = self.rng
    lead = self.fill(rng.choice(LEAD_INS.get(kind, [""])))
    with_year = mode in ("open", "hist", "range") or (mode in ("title", "next") and rng.random() < 0.6)
    first: list[str] = []
    if mode == "hist":
        pool = [h for h in HISTORY if "100周年" not in h or y == 2021]
        first.append(self.fill(rng.choice(pool)))
    if kind == "述职报告":
        opening = rng.choice(SELF_OPENINGS if with_year else SELF_OPENINGS_NOYEAR)
    elif kind == "工作要点":
        opening = ("{y}年{s}党建工作的总体要求是：" if with_year else "今年{s}党建工作的总体要求是：") + \
            "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，以提升组织力为重点，为{biz}提供坚强政治保证。"
    elif kind == "工作计划":
        opening = ("为扎实做好{y}年党建工作，" if with_year else "为扎实做好本年度党建工作，") + "结合{s}实际，制定本计划。"
    elif kind == "调研报告":
        opening = ("{y}年{mo}月，" if with_year else "近期，") + \
            "{s}调研组采取实地走访、座谈交流、问卷调查等方式，深入{n1}个单位开展专题调研，发放问卷{m}份。现将调研情况报告如下："
        opening = opening.replace("{mo}", str(rng.randint(3, 10)))
    elif kind == "对照检查材料":
        opening = ("根据{sup}关于召开{y}年度民主生活会的通知要求，" if with_year else "根据{sup}的统一部署，") + \
            ("领导班子" if "班子" in self.title else "本人") + \
            "认真学习规定篇目，广泛征求意见，深入开展谈心谈话，深入查摆问题、剖析根源。现将有关情况报告如下："
    elif kind == "心得体会":
        event = self.fill(rng.choice(EVENTS))
        opening = ("{y}年{mo}月，" if with_year else "近期，").replace("{mo}", str(rng.randint(3, 11))) + \
            f"我参加了{event}，深受教育、倍感振奋。" + rng.choice([
                "此次学习内容丰富、形式多样，既有理论辅导，又有现场教学，使我在思想上、认识上都有了新的提高。",
                "几天的学习时间虽短，但收获很大，进一步坚定了理想信念，明确了努力方向。",
                "通过聆听专题辅导、参加分组讨论，我对新时代党员干部的职责使命有了更深的认识。"]) + "结合自身工作实际，谈几点体会。"
    elif kind == "讲话稿":
        opening = ("今天，我以“{th}”为题，和大家一起学习交流，重温党的光辉历程。" if self.lesson else
                   "今天召开这次会议，主要任务是总结工作、分析形势，安排部署下一阶段党建工作。刚才，几位同志作了很好的发言，我都同意。下面，我讲三点意见。")
        opening = opening.replace("{th}", self.title.split("：")[-1].split("——")[0])
    else:
        opening = rng.choice(OPENINGS if with_year else OPENINGS_NOYEAR)
    if mode == "range":
        start = self.range_start
        mid = start + 1
        opening = rng.choice([f"{start}年以来，", f"{start}年至{y}年，", "三年来，"]) + \
            "{s}坚持以党建引领{biz}，推动全面从严治党向纵深发展。" + \
            f"{start}年完成支部换届{{n1}}个，{mid}年创建“四强”党支部{{n1}}个，{y}年深入推进主题教育。"
    text = self.fill(opening)
    sents = first + sentences(text)
    if self.spec.get("unit_trap") == "zai" and "在" + self.unit.superior not in text:
        # the superior named with its place: 在白河镇党委… is no unit of this report
        sents.insert(len(first) + 1, self.fill(f"在{{sup}}的坚强领导下，{{s}}{rng.choice(['聚焦主责主业', '坚持围绕中心、服务大局', '坚持党建引领'])}，各项工作取得了新的进展。"))
    if lead:
        if rng.random() < 0.5 or kind in ("情况报告",):
            sents.append(lead)
    self.add("para", sents)


def inject_opposite(self: Doc, sections: list[Section]) -> None:
    """The report's own sentences that mention words of web boilerplate (they must stay)."""
    n = self.spec.get("opposite", 0)
    if not n:
        return
    rng = self.rng
    banned = self.spec.get("opposite_banned", ())
    pool = [t for t in OPPOSITE if not any(b in t for b in banned)]
    chosen = [self.fill(t) for t in pick(rng, pool, n)]
    self.must_keep.extend(chosen)
    target = next((sec for sec in sections if sec.items), sections[0])
    if rng.random() < 0.5 or not target.items:
        head = rng.choice(OPPOSITE_HEADS)
        # one of them on a line of its own, as web copies of such reports often have it
        target.items.append(Item(head, chosen))
        self.opposite_lines = rng.random() < 0.5
    else:
        for sent in chosen:
            item = rng.choice(target.items)
            (item.subs[-1].sents if item.subs else item.sents).append(sent)


Doc.build_opening = build_opening
Doc.inject_opposite = inject_opposite


# --- Frames: what a website, a portal, WeChat or a document-sharing site puts around a report ---

SITES = ["笔墨范文网", "优思文库", "第一文秘网", "好范文网", "墨香公文网", "公文汇", "文秘之家", "范文先生站"]
DOC_SITES = ["知文库", "文档汇", "墨香文库", "易知文档", "学海文库"]
ACCOUNTS = ["公文写作参考", "党建材料库", "机关笔记", "基层党建园地", "公文素材号", "写材料的老王", "材料之家", "笔尖公文"]
PROVINCES = ["山东", "河南", "江苏", "湖北", "四川", "浙江", "河北", "湖南", "陕西", "安徽"]
SECTIONS_OF_SITE = {
    "述职报告": ["述职报告", "年度述职", "个人述职", "述职述廉"], "工作总结": ["工作总结", "党建工作总结", "年终总结", "党支部工作总结"],
    "情况报告": ["情况报告", "工作报告", "自查报告"], "工作报告": ["工作报告", "党建工作报告"],
    "工作要点": ["工作要点", "工作计划"], "工作计划": ["工作计划", "党建计划"], "调研报告": ["调研报告", "调查报告"],
    "对照检查材料": ["对照检查材料", "民主生活会", "发言提纲"], "心得体会": ["心得体会", "学习心得", "培训心得"],
    "讲话稿": ["领导讲话", "党课讲稿", "讲话稿"],
}
TOP_SECTIONS = ["范文大全", "公文写作", "党团范文", "实用范文", "工作报告", "党建", "文秘写作"]
OTHER_TITLES = [  # what related lists and 往期推荐 show
    "{yy}年党支部书记述职报告范文（通用{k}篇）", "个人年度工作总结简短{yy}最新", "入党积极分子思想汇报{yy}年第{q}季度",
    "主题教育心得体会（精选{k}篇）", "{yy}年度组织生活会对照检查材料汇编", "党风廉政建设工作总结范文",
    "{yy}年党建工作要点（最新范文）", "机关党支部工作计划（十五篇）", "关于基层党建的调研报告范文",
    "民主生活会发言提纲{yy}", "七一党课讲稿：赓续红色血脉", "意识形态工作责任制落实情况报告范文",
    "{yy}年上半年工作总结及下半年工作计划", "乡镇党委书记抓党建述职报告", "{yy}年度党员个人总结（合集）",
]
EDITORS = ["张晓", "王晨", "李雪", "刘洋", "陈静", "赵敏", "小编"]


def other_title(doc: Doc) -> str:
    r = doc.rng
    return r.choice(OTHER_TITLES).format(yy=r.randint(2019, 2025), k=r.randint(3, 20), q=r.randint(1, 4))


def pub_date(doc: Doc) -> tuple[int, int, int]:
    y = doc.spec["year"] or 2023
    if doc.spec["type"] in ("工作要点", "工作计划"):
        return (y - 1, 12, doc.rng.randint(10, 31)) if doc.rng.random() < 0.5 else (y, 1, doc.rng.randint(3, 28))
    return (y + 1, doc.rng.randint(1, 4), doc.rng.randint(1, 28)) if doc.rng.random() < 0.6 else (y, 12, doc.rng.randint(15, 31))


def dash_date(d: tuple[int, int, int], sep: str = "-") -> str:
    return f"{d[0]}{sep}{d[1]:02d}{sep}{d[2]:02d}"


def generic_title(doc: Doc) -> str:
    """How a 范文 site names the page a report is on."""
    r = doc.rng
    y = doc.spec["year"] or r.randint(2019, 2024)
    word = r.choice(SECTIONS_OF_SITE[doc.spec["type"]])
    k = r.randint(3, 12)
    return r.choice([f"{y}年{word}({k}篇)", f"{y}年度{word}（精选{k}篇）", f"{word}范文（{r.choice(['十五', '八', '六', '十二'])}篇）",
                     f"{word}{y}最新范文", f"关于{word}【精选{k}篇】", f"{word}通用范文（精选{k}篇）"])


def frame_fanwen(doc: Doc, pre: list, post: list) -> None:
    r = doc.rng
    site = r.choice(SITES)
    section = r.choice(SECTIONS_OF_SITE[doc.spec["type"]])
    top = r.choice(TOP_SECTIONS)
    gt = generic_title(doc)
    doc.page_title = gt + r.choice(["_", " - ", "-"]) + site
    if r.random() < 0.4:
        pre.append((r.choice(["设为主页 加入收藏", "设为首页 | 加入收藏 | 联系我们", "设为首页  加入收藏  网站地图"]), "site"))
    crumb = r.choice(["当前位置：首页 > {t} > {s}", "当前位置：首页 > {t} > {s} > 正文", "您的位置：首页 > {t} > {s}",
                      "您现在的位置：网站首页 >> {t} >> {s}", "位置：首页 / {t} / {s}", "首页 > {s} > 正文",
                      "当前位置: 首页 > {t} > {s}", "您的位置：{site} > {t} > {s} > 正文"])
    pre.append((crumb.format(t=top, s=section, site=site), "crumb"))
    if r.random() < 0.7:
        pre.append((gt, "h1"))
    d = pub_date(doc)
    fields = r.choice([
        [f"发布时间：{dash_date(d)}", f"来源：{r.choice(['网友投稿', '网络', '本站整理', '会员上传'])}", f"阅读：{r.randint(200, 9000)}次"],
        [f"时间：{dash_date(d)} {r.randint(8, 22):02d}:{r.randint(0, 59):02d}", f"作者：{r.choice(['佚名', '网友', 'admin', '文秘'])}", f"点击：{r.randint(100, 9999)}"],
        [f"发布日期：{dash_date(d, '/')}", f"编辑：{r.choice(EDITORS)}", f"热度：{r.randint(100, 999)}℃"],
        [f"更新时间：{d[0]}年{d[1]}月{d[2]}日", f"阅读次数：{r.randint(100, 9999)}"],
        [f"{dash_date(d)}", f"人气：{r.randint(300, 20000)}"],
    ])
    pre.append((fields, "info"))
    intro = r.choice([
        "以下是小编整理的{g}，希望对大家有所帮助。",
        "下面是小编为大家整理的{g}，供大家参考。",
        "以下是小编为大家收集的{g}，仅供参考，欢迎大家阅读。",
        "本站为大家整理了{k}篇{w}，希望能帮到您，一起来看看吧。",
        "{w}由网友“{nick}”投稿提供，本文来源于网友上传，不代表本站观点，若需要原创文章可咨询客服老师，欢迎参考。",
        "在日常工作中，大家总少不了接触{w}吧。那么你知道一篇好的{w}该怎么写吗？下面是小编收集整理的{g}，仅供参考，希望能够帮助到大家。",
        "写作是一种运用语言文字反映事物、表达思想的过程。以下是{site}为大家整理的{g}，欢迎品鉴！",
    ]).format(g=gt, w=section, k=int((re.findall(r"\d+(?=篇)", gt) or [r.randint(3, 12)])[0]), nick=r.choice(["清风", "晨曦", "笔耕者", "zhangsan88"]), site=site)
    if r.random() < 0.85:
        pre.append((intro, "intro"))
    if r.random() < 0.5:
        pre.append((r.choice(["[此文共{n}字]", "(全文{n}字)", "（全文共{n}字）", "【字数：{n}】", "本文共{n}字，阅读约需{k}分钟"]).format(
            n=r.randint(900, 4000), k=r.randint(3, 9)), "intro"))
    if r.random() < 0.75:
        marker = r.choice(["篇一", "【篇一】", "【篇二】", "第1篇", "第一篇", "【第3篇】", "篇三", "第2篇", "篇一："])
        if marker.endswith("：") or r.random() < 0.2:
            doc.title_prefix = marker if marker.endswith("：") else marker + " "
        else:
            pre.append((marker, "marker"))
    # after the report
    if r.random() < 0.3:
        post.append((r.choice(["（阅读全部图文内容，您需要先登录!）", "登录后可阅读全文", "本文剩余{p}%未读，点击阅读全文"]).format(p=r.randint(30, 70)), "related"))
    if r.random() < 0.7:
        head = r.choice(["相关推荐", "相关文章", "猜你喜欢", "热门推荐", "推荐阅读", "相关范文", "延伸阅读"])
        titles = list(dict.fromkeys(other_title(doc) for _ in range(r.randint(3, 5))))
        style = r.choice(["", "· ", "{i}.", "{i}、"])
        post.append((head, "related"))
        for i, t in enumerate(titles, 1):
            post.append((style.format(i=i) + t, "related"))
    if r.random() < 0.6:
        prev, nxt = other_title(doc), other_title(doc)
        while nxt == prev:
            nxt = other_title(doc)
        sep = r.choice(["：", ":"])
        post.append((f"上一篇{sep}{prev}", "related"))
        post.append((f"下一篇{sep}{nxt}", "related"))
    if r.random() < 0.4:
        post.append((r.choice([f"Copyright © 2017-{d[0] + 1} {site} 版权所有", f"本文链接：https://www.{r.choice(['bimo', 'youwen', 'wenmi'])}.com/fanwen/{r.randint(10000, 99999)}.html",
                              "【本文由网友上传，如有侵权请联系删除】", f"{site}提醒您：内容仅供参考，请勿照搬照抄", "返回顶部"]), "footer"))


def frame_gov(doc: Doc, pre: list, post: list) -> None:
    r = doc.rng
    county = r.choice([c for c in COUNTIES + CITIES if not c.startswith(("×", "X", "某"))])
    d = pub_date(doc)
    if r.random() < 0.5:
        pre.append((r.choice(["首页 > 政务公开 > 部门信息公开 > 工作总结", "您当前的位置：首页 > 信息公开 > 党建工作",
                              "当前位置：首页>>政府信息公开>>规划计划", "首页 > 新闻中心 > 部门动态 > 机关党委"]), "crumb"))
    block = [f"索引号：{r.randint(10000000, 99999999)}{r.choice(['X', '1', '7'])}/{d[0]}-{r.randint(100, 999):05d}",
             f"主题分类：{r.choice(['党建', '组织人事', '综合政务', '其他'])}",
             f"发文机关：{r.choice([county + '人民政府办公室', '中共' + county + '委组织部', county + '机关事务服务中心'])}",
             f"成文日期：{dash_date(d)}", f"发布日期：{dash_date((d[0], d[1], min(d[2] + r.randint(0, 3), 28)))}"]
    if r.random() < 0.5:
        block.append(f"生成日期：{dash_date(d)}")
    if r.random() < 0.5:
        block.insert(0, "信息来源：" + r.choice(["县委组织部", "局办公室", "机关党委", "本网"]))
    r.shuffle(block)
    if r.random() < 0.5:  # two fields a line, as portals lay the table out
        for i in range(0, len(block), 2):
            pre.append((block[i:i + 2], "info"))
    else:
        for f in block:
            pre.append((f, "info"))
    if r.random() < 0.6:
        pre.append((r.choice(["【字体：大 中 小】", "字号：T | T", "【字体：大 中 小】 【打印】 【关闭】", "浏览次数：{n}"]).format(n=r.randint(50, 3000)), "info"))
    post.append((r.choice(["【打印本页】 【关闭窗口】", "【打印本页】【关闭窗口】", "打印本页 | 关闭窗口"]), "footer"))
    if r.random() < 0.6:
        post.append(("扫一扫在手机打开当前页", "footer"))
    if r.random() < 0.5:
        post.append((f"上一篇：{county}召开{r.choice(['党风廉政建设工作会议', '党建工作推进会', '干部大会'])}", "related"))
        post.append((f"下一篇：{county}{r.choice(['开展七一走访慰问活动', '举办党务干部培训班', '部署安全生产工作'])}", "related"))
    post.append(([f"主办：{county}人民政府办公室", f"承办：{county}{r.choice(['大数据中心', '融媒体中心', '信息中心'])}"], "footer"))
    if r.random() < 0.7:
        post.append(([f"网站标识码：{r.randint(1000000000, 9999999999)}", f"{r.choice(['鲁', '豫', '苏', '鄂', '川'])}ICP备{r.randint(10000000, 99999999)}号"], "footer"))


def frame_wechat(doc: Doc, pre: list, post: list) -> None:
    r = doc.rng
    account = r.choice(ACCOUNTS)
    d = pub_date(doc)
    hm = f"{r.randint(6, 22):02d}:{r.randint(0, 59):02d}"
    prov = r.choice(PROVINCES)
    meta = r.choice([["原创", account, f"{dash_date(d)} {hm}", f"发表于{prov}"],
                     ["原创", r.choice(EDITORS), account, f"{d[0]}年{d[1]}月{d[2]}日 {hm}", prov],
                     [account, f"{dash_date(d)} {hm}"],
                     ["原创", account, dash_date(d)]])
    doc.wechat_meta = meta
    sep = r.choice([" ", " · ", "  ", " | "])
    pre.append((meta, "meta", sep))
    if r.random() < 0.85:
        pre.append((r.choice(["点击蓝字关注我们", "点击蓝字 关注我们", "点击上方蓝字关注我们", f"点击上方“{account}”，关注我们",
                              "↑↑↑点击上方蓝字，关注我们", "点击上方蓝色字体，关注我们"]), "top"))
    if r.random() < 0.5:
        pre.append((r.choice([f"【{account}】{r.randint(2019, 2025)}年度各类总结报告已更新，欢迎加入会员",
                              f"来源：{account}", f"本文约{r.randint(2000, 5000)}字，阅读需{r.randint(4, 12)}分钟",
                              "为方便大家学习，文末附Word下载方式"]), "top"))
    doc.paywall = doc.spec.get("paid", False)
    post.append((r.choice(["- END -", "END", "— END —", "- THE END -", "-END-"]), "end"))
    if r.random() < 0.8:
        post.append((r.choice(["往期推荐", "往期精彩", "推荐阅读", "精彩回顾"]), "recommend"))
        for t in dict.fromkeys(other_title(doc) for _ in range(r.randint(2, 4))):
            post.append((t, "recommend"))
    qr = pick(r, ["扫码关注", "长按识别二维码", "扫描二维码关注我们", "长按二维码关注", "扫码加入材料交流群"], r.randint(1, 2))
    for q in qr:
        post.append((q, "qr"))
    if r.random() < 0.6:
        post.append((r.choice(["文章来源于网络，如有侵权请联系删除", "声明：本文仅供学习交流，版权归原作者所有。",
                              "素材来源：网络 版权归原作者所有", "免责声明：本文素材整理自网络，仅供学习参考。"]), "qr"))
    if r.random() < 0.6:
        a, b = r.sample(EDITORS[:-1], 2)
        post.append((r.choice([[f"编辑：{a}", f"审核：{b}"], [f"编辑 | {a}", f"审核 | {b}"], [f"责任编辑：{a}"]]), "qr"))
    post.append((r.choice(["分享 收藏 点赞 在看", "分享 收藏 点赞 在看", "点个“在看”，你最好看", "觉得有用，点个在看吧",
                          "喜欢此内容的人还喜欢"]), "outside"))


def frame_docshare(doc: Doc, pre: list, post: list) -> None:
    r = doc.rng
    site = r.choice(DOC_SITES)
    pages = r.randint(3, 6)
    base = doc.title if r.random() < 0.5 else re.sub(r"^.*?(\d{4}年)", r"\1", doc.title)
    fname = base + r.choice([" (2).docx", "(1).docx", ".doc", " (3).doc", ".docx"])
    pre.append((fname, "file"))
    pre.append((r.choice([f"《{base}》由会员分享，可在线阅读，更多相关《{base}》请在{site}上搜索。",
                          f"{fname}由会员{r.choice(['wenku123', 'a186****2211', '梧桐雨'])}分享，可在线阅读，更多相关内容请在{site}搜索。",
                          f"{base}.docx 为会员分享的文档，可在线阅读，全文共{pages}页。"]), "file"))
    if r.random() < 0.5:
        pre.append((r.choice(["VIP免费下载", "下载文档 收藏 举报", "立即下载 | 收藏 | 分享"]), "file"))
    pre.append((f"第 1 页 共 {pages} 页", "page"))
    doc.page_breaks = [f"第 {i} 页 共 {pages} 页" for i in range(2, pages + 1)] if r.random() < 0.7 else []
    post.append((r.choice([f"还剩{pages - 1}页未读，继续阅读", "本文档由用户上传，仅供学习参考，侵删。",
                           "内容来自用户分享和网络整理，不保证内容的准确性，如有侵权内容，请联系管理员处理。"]), "footer"))
    if r.random() < 0.5:
        post.append((f"{site}所有资源均是用户自行上传分享，仅供网友学习交流，未经上传用户书面授权，请勿作他用。", "footer"))


PROMOS = ["【笔尖公文】{yy}年终总结写不好？看这篇就够了", "欢迎加入材料之家会员，海量党建材料每日更新",
          "【公众号：党建材料库】，最新最全党建资料库", "原创首发｜{yy}年度述职报告（附下载）",
          "（本文已收录于“公文写作参考”资料包，转载请注明出处）", "【干货】这份{w}范文，写材料的同志请收好！",
          "【素材速递】{w}（可直接套用）"]


def frame_promo(doc: Doc, pre: list, post: list) -> None:
    r = doc.rng
    for text in pick(r, PROMOS, r.randint(1, 2)):
        pre.append((text.format(yy=r.randint(2020, 2025), w=doc.spec["type"]), "top"))
    if r.random() < 0.5:
        post.append((r.choice(["欢迎加入材料之家会员，海量党建材料每日更新", "（材料来源：公众号“笔尖公文”）",
                              "更多材料请关注公众号：党建材料库"]), "top"))


FRAMES = {"fanwen": frame_fanwen, "gov": frame_gov, "wechat": frame_wechat, "docshare": frame_docshare, "promo": frame_promo}


PAYWALL = ["【付费内容】", "······以下为付费内容······", "以下为付费内容", "--- 以下内容需付费阅读 ---",
           "试读结束，开通会员后阅读全文", "试读已结束，剩余{p}%内容需付费", "##paidend##", "付费阅读"]
PINYIN = {"党": "dǎng", "组": "zǔ", "织": "zhī", "建": "jiàn", "设": "shè", "公": "gōng", "司": "sī", "部": "bù",
          "责": "zé", "学": "xué", "习": "xí", "员": "yuán", "政": "zhèng", "治": "zhì", "议": "yì", "民": "mín",
          "廉": "lián", "群": "qún", "众": "zhòng", "服": "fú", "务": "wù", "书": "shū", "记": "jì", "委": "wěi",
          "村": "cūn", "镇": "zhèn", "查": "chá", "检": "jiǎn", "监": "jiān", "督": "dū", "纪": "jì", "律": "lǜ",
          "理": "lǐ", "论": "lùn", "思": "sī", "想": "xiǎng", "风": "fēng", "品": "pǐn", "牌": "pái", "先": "xiān",
          "锋": "fēng", "岗": "gǎng", "培": "péi", "训": "xùn", "考": "kǎo", "核": "hé", "研": "yán", "题": "tí",
          "干": "gàn", "长": "zhǎng"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def body_positions(doc: Doc) -> list[int]:
    """Indexes of lines after which a noise line may stand inside the body."""
    own = [i for i, line in enumerate(doc.lines) if line.role in ("para", "heading")]
    return own[1:-1]


def inject_pinyin(doc: Doc) -> None:
    r = doc.rng
    style = r.choice(["({})", "({})", "（{}）", "【{}】"])
    used_chars: set[str] = set()
    candidates = [(li, si) for li, line in enumerate(doc.lines) if line.role == "para"
                  for si, s in enumerate(line.sents) if len(s) > 12 and si not in line.raw and not (line.heading and si == 0)]
    r.shuffle(candidates)
    done = 0
    for li, si in candidates:
        if done >= doc.spec["pinyin"]:
            break
        s = doc.lines[li].sents[si]
        chars = [c for c in dict.fromkeys(s) if c in PINYIN and c not in used_chars]
        if not chars:
            continue
        c = r.choice(chars)
        pos = s.index(c) + 1
        note = style.format(PINYIN[c])
        doc.lines[li].raw[si] = s[:pos] + note + s[pos:]
        used_chars.add(c)
        doc.noise.append(note)
        doc.must_keep.append(s)
        done += 1


def inject_paid_in_word(doc: Doc) -> None:
    r = doc.rng
    candidates = [(li, si) for li, line in enumerate(doc.lines) if line.role == "para" and li > 3
                  for si, s in enumerate(line.sents) if len(s) > 15 and si not in line.raw]
    li, si = r.choice(candidates)
    s = doc.lines[li].sents[si]
    spots = [i for i in range(2, len(s) - 2) if CJK.match(s[i - 1]) and CJK.match(s[i])]
    pos = r.choice(spots)
    doc.lines[li].raw[si] = s[:pos] + "##paidbegin##" + s[pos:]
    doc.noise.append("##paidbegin##")
    doc.must_keep.append(s)


def apply_frame(doc: Doc) -> None:
    frame = doc.spec["frame"]
    doc.title_prefix = ""
    doc.page_breaks = []
    doc.paywall = False
    doc.page_title = ""
    pre: list = []
    post: list = []
    for name in frame.split("+"):
        if name in FRAMES:
            FRAMES[name](doc, pre, post)
    first_own = next(i for i, line in enumerate(doc.lines) if line.role != "blank")
    at = first_own
    for entry in pre:
        text, zone = entry[0], entry[1]
        if isinstance(text, list):
            sep = entry[2] if len(entry) > 2 else doc.rng.choice(["  ", "　", " | ", " "])
            line = Line("noise", [sep.join(text)], zone=zone, labels=list(text))
        else:
            line = Line("noise", [text], zone=zone, labels=[text])
        doc.lines.insert(at, line)
        doc.noise.extend(line.labels)
        at += 1
    if doc.title_prefix:
        t = next(line for line in doc.lines if line.role == "title")
        t.raw[0] = doc.title_prefix + t.sents[0]
        doc.noise.append(doc.title_prefix.strip())
    for entry in post:
        text, zone = entry[0], entry[1]
        if isinstance(text, list):
            line = Line("noise", [doc.rng.choice(["  ", "　", " "]).join(text)], zone=zone, labels=list(text))
        else:
            line = Line("noise", [text], zone=zone, labels=[text])
        doc.lines.append(line)
        doc.noise.extend(line.labels)
    r = doc.rng
    if doc.paywall:
        markers = pick(r, PAYWALL, r.randint(1, 3))
        for m in markers:
            m = m.format(p=r.randint(40, 80))
            spots = body_positions(doc)
            i = r.choice(spots[: max(2, len(spots) // 2)]) if m == "【付费内容】" else r.choice(spots)
            doc.lines.insert(i + 1, Line("noise", [m], zone="paid", labels=[m]))
            doc.noise.append(m)
        if r.random() < 0.5:
            inject_paid_in_word(doc)
    for pb in doc.page_breaks:
        spots = body_positions(doc)
        i = spots[int(len(spots) * (int(pb.split()[1]) - 1) / (len(doc.page_breaks) + 1))]
        doc.lines.insert(i + 1, Line("noise", [pb], zone="page", labels=[pb]))
        doc.noise.append(pb)


def near_noise(doc: Doc) -> list[str]:
    """The report's own sentences on either side of a noise line."""
    out = []
    lines = doc.lines
    for i, line in enumerate(lines):
        if line.role != "noise":
            continue
        for j in range(i - 1, -1, -1):
            if lines[j].role == "para":
                out.append(lines[j].sents[-1])
                break
            if lines[j].role not in ("noise", "blank"):
                break
        for j in range(i + 1, len(lines)):
            if lines[j].role == "para":
                out.append(lines[j].sents[0] if not lines[j].heading else lines[j].sents[min(1, len(lines[j].sents) - 1)])
                break
            if lines[j].role not in ("noise", "blank", "title", "author", "addressee", "redhead"):
                break
    return [s for s in dict.fromkeys(out) if len(s) > 5]


def choose_keep(doc: Doc) -> list[str]:
    r = doc.rng
    keep = list(dict.fromkeys(doc.must_keep + doc.redhead_keep))
    near = [s for s in near_noise(doc) if s not in keep and not (s.endswith("：") and len(s) < 6)]
    r.shuffle(near)
    target = max(len(keep), r.randint(3, 6))
    keep += near[: max(0, min(2, target - len(keep)))]
    if doc.spec["unit_mode"] == "sign" and len(keep) < 6 and r.random() < 0.5:
        keep.append(next(line.clean().strip() for line in doc.lines if line.role == "sign"))
    pool = [s for line in doc.paragraphs() for k, s in enumerate(line.sents)
            if len(s) > 14 and s not in keep and not (line.heading and k == 0)]
    r.shuffle(pool)
    while len(keep) < target and pool:
        keep.append(pool.pop())
    assert 2 <= len(keep) <= 6, (doc.spec["file"], len(keep))
    return keep


ASCII_PUNCT = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"})


def asciify(doc: Doc) -> None:
    """Web copies with ASCII punctuation: the whole file, and so its labels, are written so."""
    for line in doc.lines:
        line.sents = [s.translate(ASCII_PUNCT) for s in line.sents]
        line.raw = {k: v.translate(ASCII_PUNCT) for k, v in line.raw.items()}
        line.labels = [s.translate(ASCII_PUNCT) for s in line.labels]
        if line.heading:
            line.heading = line.heading.translate(ASCII_PUNCT)
    doc.noise = [s.translate(ASCII_PUNCT) for s in doc.noise]
    doc.keep = [s.translate(ASCII_PUNCT) for s in doc.keep]
    doc.title = doc.title.translate(ASCII_PUNCT)
    doc.unit_label = doc.unit_label.translate(ASCII_PUNCT) if doc.unit_label else doc.unit_label


# --- Files ---------------------------------------------------------------------------------


def render_txt(doc: Doc) -> str:
    r = doc.rng
    indent = r.random() < 0.25  # Word copies: two ideographic spaces before each paragraph
    blank = r.choice(["none", "none", "all", "some"])
    out = []
    for line in doc.lines:
        if line.role == "blank":
            out.append("")
            continue
        text = line.text()
        if indent and line.role == "para":
            text = "　　" + text
        out.append(text)
        if blank == "all" or (blank == "some" and r.random() < 0.3):
            out.append("")
    return "\n".join(out).strip("\n") + "\n"


def render_md(doc: Doc) -> str:
    out = []
    for line in doc.lines:
        if line.role == "blank":
            continue
        if line.role == "title":
            out.append("# " + line.text())
        elif line.role == "heading":
            out.append("#" * line.level + " " + line.text())
        else:
            out.append(line.text())
    return "\n\n".join(out) + "\n"


def spans(rng: random.Random, text: str, style: str) -> str:
    """A WeChat paragraph: the text cut into styled spans, sometimes inside a word."""
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(0, 2)))) if len(text) > 4 else []
    parts = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
    return "".join(f'<span style="{style}">{html.escape(p)}</span>' for p in parts)


def render_wechat_html(doc: Doc) -> str:
    r = doc.rng
    e = html.escape
    body_style = "font-size:16px;letter-spacing:1px;"
    meta = next((line for line in doc.lines if line.role == "noise" and line.zone == "meta"), None)
    out = ['<!DOCTYPE html>', '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1.0">',
           f"<title>{e(doc.title)}</title>", f'<meta property="og:title" content="{e(doc.title)}">',
           "<style>.rich_media_title{font-size:22px}</style></head>", '<body id="activity-detail" class="zh_CN">',
           '<div class="rich_media_area_primary"><div class="rich_media_area_primary_inner">',
           f'<h1 class="rich_media_title" id="activity-name">\n            {e(doc.title)}\n</h1>',
           '<div id="meta_content" class="rich_media_meta_list">']
    for k, label in enumerate(meta.labels if meta else []):
        cls = "rich_media_meta_nickname" if label in ACCOUNTS else "rich_media_meta_text"
        tag = "em" if re.match(r"\d{4}", label) else "span"
        out.append(f'<{tag} class="rich_media_meta {cls}">{e(label)}</{tag}>')
    out.append("</div>")
    out.append('<div class="rich_media_content js_underline_content" id="js_content" style="visibility: visible;">')
    out.append('<section style="text-align:center;"><img data-src="https://mmbiz.qpic.cn/mmbiz_gif/x/0?wx_fmt=gif" style="width:100%"></section>')
    repeat_title = r.random() < 0.5
    recommend = False
    outside = []
    for line in doc.lines:
        if line.role == "noise":
            if line.zone == "meta":
                continue
            if line.zone == "outside":
                outside.append(line)
                continue
            text = line.text()
            if line.zone == "recommend" and recommend:
                out.append(f'<p><a href="https://mp.weixin.qq.com/s?__biz=x&amp;mid={r.randint(1000, 9999)}" target="_blank">{e(text)}</a></p>')
                continue
            recommend = line.zone == "recommend"
            if line.zone in ("end", "qr"):
                out.append(f'<section style="text-align:center;"><p><span style="font-size:13px;color:rgb(136,136,136);">{e(text)}</span></p></section>')
            else:
                out.append(f'<section><p style="text-align:center;"><span style="color:rgb(0,122,170);font-size:14px;">{e(text)}</span></p></section>')
            continue
        if line.role == "title":
            if repeat_title:
                out.append(f'<section><p style="text-align:center;"><span style="font-size:20px;"><strong>{e(line.text())}</strong></span></p></section>')
            continue
        if line.role == "heading":
            if line.level == 2:
                out.append(f'<section style="margin-top:16px;"><p style="text-align:center;"><span style="font-size:17px;color:rgb(192,0,0);"><strong>{e(line.text())}</strong></span></p></section>')
            else:
                out.append(f'<p style="text-indent:2em;"><span style="font-size:16px;"><strong>{e(line.text())}</strong></span></p>')
            continue
        if line.role == "para" and line.heading:
            head, rest = line.text().split("。", 1)
            out.append(f'<p style="text-indent:2em;line-height:1.75em;"><strong>{e(head)}。</strong>{spans(r, rest, body_style)}</p>')
            continue
        align = ' style="text-align:right;"' if line.role in ("sign", "date") else ' style="text-indent:2em;line-height:1.75em;"'
        out.append(f"<p{align}>{spans(r, line.text(), body_style)}</p>")
    out.append("</div>")
    for line in outside:
        out.append(f'<div id="js_tags_preview_toast" class="article-tag__error-tips">{e(line.text())}</div>')
    out.append("</div></div>")
    out.append(f'<script>var msg_title = "{e(doc.title)}"; var biz = "x";</script>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


NAV = ["作文大全", "演讲稿", "求职信", "手抄报", "祝福语", "教案设计", "合同范本", "句子大全"]


def render_fanwen_html(doc: Doc) -> str:
    r = doc.rng
    e = html.escape
    out = ['<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{e(doc.page_title or doc.title)}</title>",
           f'<meta name="keywords" content="{e(doc.spec["type"])},范文">',
           '<link rel="stylesheet" href="/static/css/style.css"></head><body>']
    nav = pick(r, NAV, 4)
    doc.noise.extend(nav)
    if doc.page_title:  # what the browser tab shows: the site's name for the page
        doc.noise.append(doc.page_title)
    site = [line for line in doc.lines if line.role == "noise" and line.zone == "site"]
    out.append('<div class="topbar">' + "".join(f"<span>{e(x.text())}</span>" for x in site) + "</div>")
    out.append('<div class="nav"><ul><li><a href="/">首页</a></li>' + "".join(f'<li><a href="/{i}/">{e(x)}</a></li>' for i, x in enumerate(nav)) + "</ul></div>")
    zones: dict[str, list[Line]] = {}
    for line in doc.lines:
        if line.role == "noise":
            zones.setdefault(line.zone, []).append(line)
    for line in zones.get("crumb", []):
        out.append(f'<div class="position">{e(line.text())}</div>')
    out.append('<div class="article">')
    h1 = zones.get("h1")
    out.append(f"<h1>{e(h1[0].text() if h1 else doc.title)}</h1>")
    for line in zones.get("info", []):
        out.append('<div class="info">' + " ".join(f"<span>{e(x)}</span>" for x in line.labels) + "</div>")
    for line in zones.get("intro", []):
        out.append(f'<div class="intro"><p>{e(line.text())}</p></div>')
    out.append('<div class="content" id="article-content">')
    for line in zones.get("marker", []):
        out.append(f'<p style="text-align:center"><strong>{e(line.text())}</strong></p>')
    for line in doc.lines:
        if line.role == "noise":
            continue
        if line.role == "title":
            if h1:
                out.append(f'<h2 style="text-align:center">{e(line.text())}</h2>')
            continue
        if line.role == "heading":
            out.append(f"<p><strong>{e(line.text())}</strong></p>")
            continue
        out.append(f"<p>{e(line.text())}</p>")
    out.append("</div>")
    related = zones.get("related", [])
    if related:
        out.append('<div class="related">')
        items = []
        for line in related:
            t = line.text()
            if t.startswith(("上一篇", "下一篇")):
                k = 3 if t[3] in "：:" else 3
                out.append(f'<div class="prenext">{e(t[:k + 1])}<a href="/fanwen/{r.randint(1000, 9999)}.html">{e(t[k + 1:])}</a></div>')
            elif len(t) <= 6 or "登录" in t or "未读" in t:
                if items:
                    out.append("<ul>" + "".join(items) + "</ul>")
                    items = []
                out.append(f"<h3>{e(t)}</h3>")
            else:
                items.append(f'<li><a href="/fanwen/{r.randint(1000, 9999)}.html">{e(t)}</a></li>')
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
        out.append("</div>")
    out.append("</div>")
    out.append('<div class="footer">' + "".join(f"<p>{e(x.text())}</p>" for x in zones.get("footer", [])) + "</div>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# --- Which reports: groups by where they come from, each with its own mix ------------------

TYPES = ["述职报告", "工作总结", "情况报告", "工作报告", "工作要点", "工作计划", "调研报告", "对照检查材料", "心得体会", "讲话稿"]
TYPE_COUNTS = {"述职报告": 14, "工作总结": 18, "情况报告": 10, "工作报告": 7, "工作要点": 6, "工作计划": 6,
               "调研报告": 8, "对照检查材料": 8, "心得体会": 6, "讲话稿": 6}
GROUPS = [  # name, count, frame
    ("clean", 13, "none"), ("fanwen", 21, "fanwen"), ("gov", 8, "gov"), ("wechat", 15, "wechat"),
    ("docshare", 7, "docshare"), ("promo", 6, "promo"), ("redhead", 6, "none"), ("mixed", 4, "wechat+promo"),
    ("wechat_html", 3, "wechat"), ("fanwen_html", 3, "fanwen"), ("md", 3, "promo"),
]
YEAR_MODES = {  # which ways of giving the year suit which type
    "述职报告": ["title", "open", "close", "close_cn", "title_cn", "dec_plans", "hist"],
    "工作总结": ["title", "open", "close", "close_cn", "title_cn", "range", "dec_plans", "hist"],
    "情况报告": ["title", "open", "range", "hist", "close"],
    "工作报告": ["title", "open", "range", "hist", "dec_plans"],
    "工作要点": ["title", "next"], "工作计划": ["title", "next"],
    "调研报告": ["close", "open", "title"], "对照检查材料": ["title", "open", "close"],
    "心得体会": ["title", "open", "close", "none"], "讲话稿": ["title", "hist", "close"],
}
YEAR_QUOTA = {"range": 6, "dec_plans": 5, "hist": 6, "close": 7, "close_cn": 3, "title_cn": 3, "next": 6, "open": 12, "none": 1}
UNIT_MODES = {
    "述职报告": ["title", "author", "sign"], "工作总结": ["title", "sign", "author", "none"],
    "情况报告": ["title", "sign", "redhead"], "工作报告": ["title", "sign", "redhead"],
    "工作要点": ["title", "redhead", "sign"], "工作计划": ["title", "sign", "redhead"],
    "调研报告": ["title", "sign", "author"], "对照检查材料": ["title", "author"],
    "心得体会": ["author", "none"], "讲话稿": ["title", "author"],
}
UNIT_QUOTA = {"sign": 14, "author": 13, "none": 2}
OUTLINES = {
    "default": ["std", "inline", "half", "part", "chapter", "yishi", "nonum", "liangdian"],
    "工作要点": ["std", "inline", "half"], "工作计划": ["std", "half", "inline"],
    "对照检查材料": ["std", "inline", "half", "yishi"], "心得体会": ["std", "inline", "nonum", "yishi", "half"],
    "讲话稿": ["std", "inline", "half"],
}
OUTLINE_QUOTA = {"inline": 10, "half": 12, "part": 5, "chapter": 5, "yishi": 7, "nonum": 7, "liangdian": 6}


class Tokens:
    """Rare cases spread over the corpus: a shuffled bag of their quotas, the rest the default."""

    def __init__(self, rng: random.Random, quota: dict, total: int):
        self.bag = [m for m, n in quota.items() for _ in range(n)]
        self.bag += [None] * max(0, total - len(self.bag))
        rng.shuffle(self.bag)

    def take(self, allowed: list[str], default: str) -> str:
        for i, token in enumerate(self.bag):
            if token is None or token in allowed:
                del self.bag[i]
                return token or (default if default in allowed else allowed[0])
        return default if default in allowed else allowed[0]


def take_type(types: list[str], allowed: list[str], rng: random.Random) -> str:
    for i in range(len(types) - 1, -1, -1):
        if types[i] in allowed:
            return types.pop(i)
    return rng.choice(allowed)


def make_specs(rng: random.Random) -> list[dict]:
    types = [t for t, n in TYPE_COUNTS.items() for _ in range(n)]
    rng.shuffle(types)
    kinds = KINDS * 10
    rng.shuffle(kinds)
    total = sum(n for _, n, _ in GROUPS)
    yq, uq, oq = (Tokens(rng, q, total) for q in (YEAR_QUOTA, UNIT_QUOTA, OUTLINE_QUOTA))
    specs = []
    for group, count, frame in GROUPS:
        for k in range(count):
            if group == "redhead" or (group == "gov" and k < 2):
                kind = take_type(types, ["情况报告", "工作要点", "工作报告", "工作计划"] if group == "redhead" else ["情况报告", "工作报告"], rng)
            elif group == "md":
                kind = take_type(types, ["工作总结", "述职报告", "心得体会"], rng)
            else:
                kind = take_type(types, TYPES, rng)
            spec = dict(group=group, type=kind, frame=frame, unit_kind=kinds.pop())
            spec["lesson"] = kind == "讲话稿" and rng.random() < 0.5
            modes = YEAR_MODES[kind]
            if spec["lesson"]:
                modes = ["hist", "close"]
            spec["year_mode"] = yq.take(modes, "title")
            if group == "redhead" or (group == "gov" and k < 2):
                spec["unit_mode"] = "redhead"
                spec["redhead"] = REDHEADS[(len(specs)) % len(REDHEADS)]
            else:
                allowed = [m for m in UNIT_MODES[kind] if m != "redhead"]
                if spec["lesson"]:
                    allowed = ["author"]
                spec["unit_mode"] = uq.take(allowed, allowed[0])
            if kind in ("工作要点", "工作计划") and spec["year_mode"] not in ("title", "next"):
                spec["year_mode"] = "title"
            # a title pattern must exist for the mix
            yflag = 1 if spec["year_mode"] in ("title", "range", "next", "title_cn") else 0
            uflag = 1 if spec["unit_mode"] == "title" else 0
            if (uflag, yflag) not in TITLES[kind]:
                spec["year_mode"] = "title" if (uflag, 1) in TITLES[kind] else spec["year_mode"]
                yflag = 1 if spec["year_mode"] in ("title", "range", "next", "title_cn") else 0
                if (uflag, yflag) not in TITLES[kind]:
                    spec["unit_mode"] = "sign" if "sign" in UNIT_MODES[kind] else "author"
            spec["year"] = None if spec["year_mode"] == "none" else rng.randint(2015, 2025)
            if spec["year_mode"] == "hist" and rng.random() < 0.3:
                spec["year"] = 2021
            if group == "md":
                spec["outline"] = "md"
            else:
                spec["outline"] = oq.take(OUTLINES.get(kind, OUTLINES["default"]), "std")
            spec["pinyin"] = rng.randint(2, 3) if (group == "fanwen" and k % 2 == 0) or (group in ("fanwen_html", "docshare") and k == 0) else 0
            spec["opposite"] = 0
            if kind in SECTIONS or kind == "调研报告":
                if (group == "clean" and k % 3 == 0) or (group in ("wechat", "mixed") and k % 3 == 1) \
                        or (group == "fanwen" and k % 7 == 3) or (group in ("gov", "md") and k == 3 % count):
                    spec["opposite"] = rng.randint(1, 3) if spec["pinyin"] == 0 else 1
            spec["opposite_banned"] = ["原创"] if "wechat" in frame else []
            spec["paid"] = group in ("wechat", "mixed", "wechat_html") and k % 3 != 2
            if spec["unit_mode"] in ("sign", "author") and spec["unit_kind"] in ("village", "community") and kind in SECTIONS:
                spec["unit_trap"] = "zai"
            if kind == "调研报告" and spec["unit_mode"] != "redhead" and sum(s.get("unit_trap") == "survey" for s in specs) < 3:
                spec["unit_trap"] = "survey"  # its title names the body surveyed: the unit is in the author line or signature
                spec["unit_mode"] = rng.choice(["sign", "author"])
            spec["ext"] = {"wechat_html": "html", "fanwen_html": "html", "md": "md"}.get(group, "txt")
            specs.append(spec)
    # encodings: most UTF-8; some GBK/GB18030, BOM and CRLF, as files saved on Windows are
    txt = [s for s in specs if s["ext"] == "txt"]
    rng.shuffle(txt)
    for i, s in enumerate(txt):
        s["encoding"] = ["gbk"] * 5 + ["gb18030"] * 2 + ["utf-8-sig"] * 4 + ["utf-8"] * 200
        s["encoding"] = s["encoding"][i] if i < len(s["encoding"]) else "utf-8"
        s["crlf"] = i in (7, 8, 11, 12, 13, 14)
    for s in specs:
        s.setdefault("encoding", "utf-8")
        s.setdefault("crlf", False)
    return specs


# --- Labels, checks, output ----------------------------------------------------------------

PINYIN_ITEM = re.compile(r"^[(（【][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）】]?$")  # as the scorer tells pinyin


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s or "")))


def visible(text: str, ext: str) -> str:
    if ext != "html":
        return text
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def split_opposite_lines(doc: Doc) -> None:
    """Web copies often carry a sentence like 关注微信公众号… on a line of its own."""
    if not getattr(doc, "opposite_lines", False):
        return
    for i, line in enumerate(doc.lines):
        if line.role != "para" or line.raw:
            continue
        for k, s in enumerate(line.sents):
            if k > 0 and s.startswith(("关注微信公众号", "建立“", "组建“")) and s in doc.must_keep:
                doc.lines.insert(i + 1, Line("para", line.sents[k:]))
                line.sents = line.sents[:k]
                return


def make_one(rng: random.Random, spec: dict) -> tuple[Doc, str]:
    doc = build_report(rng, spec)
    split_opposite_lines(doc)
    if spec["pinyin"]:
        inject_pinyin(doc)
    apply_frame(doc)
    doc.keep = choose_keep(doc)
    if spec["outline"] == "half":
        asciify(doc)
    if spec["ext"] == "md":
        text = render_md(doc)
    elif spec["ext"] == "html":
        text = render_wechat_html(doc) if "wechat" in spec["frame"] else render_fanwen_html(doc)
    else:
        text = render_txt(doc)
    doc.noise = list(dict.fromkeys(doc.noise))
    return doc, text


def truth_row(name: str, doc: Doc) -> dict:
    return {"file": name, "title": doc.title, "year": doc.spec["year"], "type": doc.spec["type"],
            "unit": doc.unit_label, "noise": doc.noise, "keep": doc.keep,
            "headings": [line.heading for line in doc.lines if line.heading], "script": "simplified"}


def problems(row: dict, raw: str, clean: str, ext: str) -> list[str]:
    """What the scorer could not measure as meant; empty when the labels are sound."""
    out = []
    seen, own = norm(visible(raw, ext)), norm(clean)
    length = len(re.sub(r"\s+", "", clean))
    if not 600 <= length <= 3000:
        out.append(f"length {length}")
    for n in row["noise"]:
        if norm(n) not in seen:
            out.append(f"noise not in the file: {n}")
        if norm(n) in own:
            out.append(f"noise inside the report's own text: {n}")
        if PINYIN_ITEM.match(n) and not re.search(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]", n):
            out.append(f"noise taken for pinyin: {n}")
    for k in row["keep"]:
        if norm(k) not in own:
            out.append(f"keep not in the report: {k}")
    for h in row["headings"]:
        if norm(h) not in own:
            out.append(f"heading not in the report: {h}")
    if norm(row["title"]) not in own:
        out.append("title not in the report")
    if not 2 <= len(row["keep"]) <= 6:
        out.append("keep count")
    return out


def encode(text: str, spec: dict) -> tuple[bytes, str]:
    if spec["crlf"]:
        text = text.replace("\n", "\r\n")
    encoding = spec["encoding"]
    try:
        return text.encode(encoding), encoding
    except UnicodeEncodeError:
        return text.encode("gb18030"), "gb18030"


def kinds_of(row: dict, spec: dict, doc: Doc | None, encoding: str) -> set[str]:
    """The kinds of failure a report covers, for the README's table."""
    k = set()

    def has(pattern: str) -> bool:
        return any(re.search(pattern, n) for n in row["noise"])

    if has(r"当前位置|您的位置|您现在的位置|位置：|首页 ?[>›/]|首頁"):
        k.add("breadcrumbs")
    if has(r"发布时间|發佈時間|时间：\d|来源：|來源：|作者：|编辑：|编辑 \||审核|點擊|点击：|阅读|阅读次数|热度|人气|发布日期|更新时间|索引号|主题分类|发文机关|成文日期"):
        k.add("publishing lines")
    if has(r"小编|网友上传|本站|网友“"):
        k.add("范文-site intros")
    if has(r"篇[一二三]|第\d篇|第一篇|精选\d|篇[)）]|篇】"):
        k.add("collection markers")
    if has(r"相关推荐|相關推薦|猜你喜欢|上一篇|下一篇|相关文章|热门推荐|推荐阅读|相关范文|延伸阅读"):
        k.add("related lists")
    if has(r"此文共|全文\d|全文共|字数|登录|未读"):
        k.add("word counts / login walls")
    if has(r"由会员分享|会员分享|\.docx?|第 \d 页 共|所有资源"):
        k.add("document-sharing blurbs / file names / page markers")
    if has(r"设为"):
        k.add("设为主页 加入收藏")
    if any(PINYIN_ITEM.match(n) for n in row["noise"]):
        k.add("pinyin annotations")
    if has(r"^原[创創]$|点击蓝字|點擊藍字|点击上方|往期|END|扫码|长按|在看|扫描二维码|精彩回顾|^发表于"):
        k.add("WeChat chrome")
    if has(r"付费|试读|paidbegin|paidend"):
        k.add("paywall markers")
    if has(r"笔尖公文|材料之家|党建材料库|干货|素材速递|原创首发|收录于"):
        k.add("promotion lines")
    if spec.get("opposite"):
        k.add("opposite error (keep: 来源于网络, 微信群, 一键下载, 关注微信公众号…)")
    outline = {"half": "outline: half-width (一) and 1./1、, ASCII punctuation", "part": "outline: 第一部分",
               "chapter": "outline: 第一章", "nonum": "outline: headings without numbers (short lines)",
               "liangdian": "outline: 亮点一：/做法一：/举措一：", "yishi": "outline: 一是……二是…… (not headings)",
               "inline": "outline: heading and text on one line", "md": "outline: Markdown headings"}
    if spec.get("outline") in outline:
        k.add(outline[spec["outline"]])
    if doc is not None:
        first = next(line for line in doc.lines if line.role != "blank")
        if first.role == "noise":
            k.add("title: boilerplate before the title")
        if getattr(doc, "title_prefix", ""):
            k.add("title: marker on the title line (篇一：…)")
    if spec.get("unit_mode") == "redhead":
        k.add("title: red-head before the title")
    if has(r"\.docx?"):
        k.add("title: file name before the title")
    if has(r"笔尖公文|材料之家|党建材料库|干货|素材速递|原创首发|收录于") and spec.get("frame", "").startswith(("promo", "wechat+promo")):
        k.add("title: promotion line before the title")
    k.add("type: " + row["type"])
    year = {"range": "year: range → end year", "dec_plans": "year: dated December, plans name next year",
            "hist": "year: historical years (1921, 1983…) in the text", "close": "year: only in the closing date",
            "close_cn": "year: 二〇二三年 in the closing date", "title_cn": "year: 二〇二三年 in the title",
            "next": "year: plan for next year, dated December", "open": "year: only in the opening sentence",
            "none": "year: none given"}
    if spec.get("year_mode") in year:
        k.add(year[spec["year_mode"]])
    unit = {"sign": "unit: only in the signature block", "author": "unit: author line under the title",
            "redhead": "unit: red-head", "title": "unit: in the title", "none": "unit: none given"}
    k.add(unit[spec.get("unit_mode", "title")])
    if spec.get("unit_trap") == "zai":
        k.add("unit: fragment 在××镇/街道 in the text")
    if spec.get("unit_trap") == "survey":
        k.add("unit: 调研报告：…党委… title fragment")
    if row["script"] == "traditional":
        k.add("traditional Chinese (繁體)")
    if not row["noise"]:
        k.add("clean report (no noise)")
    if encoding != "utf-8":
        k.add("encoding: " + encoding.upper())
    if spec.get("crlf"):
        k.add("CRLF line ends")
    k.add("format: ." + spec.get("ext", "txt"))
    return k


README_TAIL = """
A report counts under every kind it has. "Clean" reports carry no noise at all: there every
keep item measures precision alone.
"""
README_HEAD = """# The accuracy corpus

{count} raw reports as they arrive from the web, labelled in `truth.json` in the format of
`../shared/corpus/office/truth.json` (title, year, type, unit, `noise`: text that must be gone
from the page, `keep`: the report's own sentences that must stay, `headings`: lines that must
start an outline heading, `script`). `benchmarks/accuracy.py` builds each file in an archive of
its own and scores it with the same definitions as `../shared/tools/score.py`.

**How it was made.** `make_corpus.py` writes every file and `truth.json` from a fixed seed
(`python benchmarks/corpus/make_corpus.py`; the output is the same on every run). The texts are
original: sentences, headings, titles, units (invented places, or redacted as ××/XX/某某) and the
boilerplate of websites, government portals, WeChat and document-sharing sites are written in
the script as pools of phrasings. Each report draws its own type, unit, year, outline style,
frame and encoding, with quotas so that every rare case is covered several times; the labels
come from the same assembly, and the script checks them (every noise item is in the file and
nowhere in the report's own text; every keep item, heading and title is in the report's own
text; 600–3000 characters). The {trad} traditional-Chinese reports are written out in full in the
script. No text is copied from any website or document.

Each report's `keep` holds its sentences next to removed noise, every sentence that carried a
pinyin annotation or a `##paidbegin##` (as it reads without them), every "opposite error"
sentence, and red-head lines. Pinyin annotations are noise items of their own (`(zhǎng)`,
`【gōng】`), which the scorer counts apart.

To score the builder on it (and on ../shared/corpus/office):

    .venv/bin/python benchmarks/accuracy.py [--json OUT]

## What it covers

File names say where a report comes from (`clean`, `fanwen`: a 范文 site, `gov`: a government
portal, `wechat`, `docshare`: a document-sharing site, `promo`, `redhead`, `mixed`: WeChat with
promotion lines, `trad_*`: traditional Chinese), not what is in it.

| kind | reports | files |
| --- | ---: | --- |
"""


KIND_ORDER = ["breadcrumbs", "publishing lines", "范文-site intros", "collection markers", "related lists",
              "word counts / login walls", "document-sharing blurbs / file names / page markers", "设为主页 加入收藏",
              "pinyin annotations", "WeChat chrome", "paywall markers", "promotion lines", "opposite error", "outline", "title",
              "year", "unit", "type", "traditional", "clean", "format", "encoding", "CRLF"]


def write_readme(out: Path, table: dict[str, list[str]], count: int, trad: int) -> None:
    order = sorted(table, key=lambda k: (next(i for i, p in enumerate(KIND_ORDER + [""]) if k.startswith(p)), k))
    lines = [README_HEAD.format(count=count, trad=trad)]
    for kind in order:
        files = table[kind]
        shown = ", ".join(f.split(".")[0] for f in files[:12]) + (f", … ({len(files) - 12} more)" if len(files) > 12 else "")
        lines.append(f"| {kind} | {len(files)} | {shown} |\n")
    lines.append(README_TAIL)
    (out / "README.md").write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[0-9][0-9][0-9]_*"):
        old.unlink()
    rng = random.Random(SEED)
    specs = make_specs(rng)
    rows, table = [], {}
    for i, spec in enumerate(specs, 1):
        name = f"{i:03d}_{spec['group']}.{spec['ext']}"
        spec["file"] = name
        for _ in range(40):
            doc, text = make_one(rng, spec)
            row = truth_row(name, doc)
            errors = problems(row, text, doc.clean_text(), spec["ext"])
            if not errors:
                break
        else:
            raise SystemExit(f"{name}: {errors}")
        data, encoding = encode(text, spec)
        (out / name).write_bytes(data)
        rows.append(row)
        for kind in kinds_of(row, spec, doc, encoding):
            table.setdefault(kind, []).append(name)
    for i, item in enumerate(TRADITIONAL, len(rows) + 1):
        name = f"{i:03d}_{item['group']}.txt"
        row = {"file": name, **{k: item[k] for k in ("title", "year", "type", "unit", "noise", "keep", "headings")},
               "script": "traditional"}
        text = item["text"].strip("\n") + "\n"
        own = "\n".join(x for x in text.split("\n") if norm(x) and not any(norm(x) == norm(n) for n in item["line_noise"]))
        for n in item["noise"]:  # annotations and markers inside the report's lines
            if PINYIN_ITEM.match(n) or n.startswith("##"):
                own = own.replace(n, "")
        errors = problems(row, text, own, "txt")
        if errors:
            raise SystemExit(f"{name}: {errors}")
        spec = {"encoding": item.get("encoding", "utf-8"), "crlf": item.get("crlf", False), "ext": "txt",
                "year_mode": item["year_mode"], "unit_mode": item["unit_mode"], "opposite": item.get("opposite", 0),
                "outline": item.get("outline")}
        data, encoding = encode(text, spec)
        (out / name).write_bytes(data)
        rows.append(row)
        for kind in kinds_of(row, spec, None, encoding):
            table.setdefault(kind, []).append(name)
        table.setdefault("title: boilerplate before the title", []).extend([name] if item.get("boiler_first") else [])
    (out / "truth.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_readme(out, table, len(rows), len(TRADITIONAL))
    print(f"{len(rows)} reports written to {out}")


# Written in simplified Chinese for this corpus and converted once with OpenCC (s2t, s2tw, s2hk).
TRADITIONAL: list[dict] = [{'group': 'trad_fanwen',
  'title': '濱河街道翠湖社區黨委2022年黨建工作總結',
  'year': 2022,
  'type': '工作总结',
  'unit': '濱河街道翠湖社區黨委',
  'noise': ['您的位置：首頁 > 工作總結 > 黨建工作總結',
            '2022年社區黨建工作總結（精選5篇）',
            '發佈時間：2023-01-06',
            '來源：網友投稿',
            '閱讀：2381次',
            '以下是小編整理的2022年社區黨建工作總結（精選5篇），希望對大家有所幫助。',
            '【篇二】',
            '(zhǎng)',
            '(shū)',
            '相關推薦',
            '社區黨支部2023年工作計劃範文',
            '2022年度社區書記述職報告（通用8篇）',
            '上一篇：社區黨風廉政建設自查報告',
            '下一篇：2022年社區志願服務活動總結'],
  'keep': ['2022年，翠湖社區黨委在街道黨工委的領導下，圍繞“黨建引領、居民自治、共建共享”的思路，把黨的組織和工作延伸到每個小區、每棟樓宇。',
           '全年新成立小區黨支部1個，選聘樓棟長43名，其中黨員樓棟長31名。',
           '對62名退休黨員建立聯繫卡，書記、委員每季度至少走訪一次，及時幫助解決生活困難。',
           '濱河街道翠湖社區黨委'],
  'headings': ['一、主要工作情況',
               '（一）織密組織網絡',
               '（二）辦好居民身邊事',
               '（三）加強黨員教育管理',
               '（四）推進平安社區建設',
               '二、存在的問題',
               '三、下一步工作打算',
               '（一）深化“紅色物業”建設',
               '（二）加強社區工作者隊伍建設',
               '（三）完善共駐共建機制'],
  'line_noise': ['您的位置：首頁 > 工作總結 > 黨建工作總結',
                 '2022年社區黨建工作總結（精選5篇）',
                 '發佈時間：2023-01-06\u3000來源：網友投稿\u3000閱讀：2381次',
                 '以下是小編整理的2022年社區黨建工作總結（精選5篇），希望對大家有所幫助。',
                 '【篇二】',
                 '相關推薦',
                 '社區黨支部2023年工作計劃範文',
                 '2022年度社區書記述職報告（通用8篇）',
                 '上一篇：社區黨風廉政建設自查報告',
                 '下一篇：2022年社區志願服務活動總結'],
  'year_mode': 'title',
  'unit_mode': 'title',
  'encoding': 'utf-8',
  'crlf': False,
  'outline': None,
  'boiler_first': True,
  'text': '您的位置：首頁 > 工作總結 > 黨建工作總結\n'
          '2022年社區黨建工作總結（精選5篇）\n'
          '發佈時間：2023-01-06\u3000來源：網友投稿\u3000閱讀：2381次\n'
          '以下是小編整理的2022年社區黨建工作總結（精選5篇），希望對大家有所幫助。\n'
          '【篇二】\n'
          '濱河街道翠湖社區黨委2022年黨建工作總結\n'
          '2022年，翠湖社區黨委在街道黨工委的領導下，圍繞“黨建引領、居民自治、共建共享”的思路，把黨的組織和工作延伸到每個小區、每棟樓宇。現將一年來的工作總結如下：\n'
          '一、主要工作情況\n'
          '（一）織密組織網絡\n'
          '社區黨委下設4個網格黨支部、19個樓棟黨小組，推行“社區黨委—網格黨支部—樓棟黨小組—黨員中心戶”四級架構。全年新成立小區黨支部1個，選聘樓棟長(zhǎng)43名，其中黨員樓棟長31名。\n'
          '（二）辦好居民身邊事\n'
          '圍繞老舊小區改造，社區黨委召開居民議事會12次，協調解決外牆脫落、路燈不亮、停車位緊張等問題27件。組織黨員志願者開展“敲門行動”，為獨居老人上門服務600餘人次。\n'
          '（三）加強黨員教育管理\n'
          '堅持每月第一個星期六為主題黨日，組織黨員到紅色教育基地參觀學習3次。對62名退休黨員建立聯繫卡，書(shū)記、委員每季度至少走訪一次，及時幫助解決生活困難。\n'
          '（四）推進平安社區建設\n'
          '組建黨員巡邏隊2支，常態化開展矛盾糾紛排查化解，全年調處鄰里糾紛35起，社區刑事案件同比下降22%。\n'
          '二、存在的問題\n'
          '一是部分在職黨員參與社區活動積極性不高，“雙報到”存在報到多、服務少的情況；二是社區黨務工作者年齡偏大，運用新媒體開展工作的能力不足；三是轄區單位資源整合還不夠，共建項目數量偏少。\n'
          '三、下一步工作打算\n'
          '（一）深化“紅色物業”建設。推動轄區物業服務企業成立黨支部，把物業服務納入社區黨委考評。\n'
          '（二）加強社區工作者隊伍建設。每年開展業務培訓不少於4次，注重從退役軍人、返鄉大學生中選拔社區後備力量。\n'
          '（三）完善共駐共建機制。與轄區單位簽訂共建協議，建立資源、需求、項目“三張清單”，形成服務合力。\n'
          '濱河街道翠湖社區黨委\n'
          '2022年12月30日\n'
          '相關推薦\n'
          '社區黨支部2023年工作計劃範文\n'
          '2022年度社區書記述職報告（通用8篇）\n'
          '上一篇：社區黨風廉政建設自查報告\n'
          '下一篇：2022年社區志願服務活動總結'},
 {'group': 'trad_wechat',
  'title': '鄉鎮黨委書記抓基層黨建工作述職報告',
  'year': 2020,
  'type': '述职报告',
  'unit': '石嶺縣三河鎮黨委',
  'noise': ['原創',
            '基層黨建參考',
            '2021-01-08 07:45',
            '發表於河南',
            '點擊藍字 關注我們',
            '##paidbegin##',
            '【付費內容】',
            '- END -',
            '往期推薦',
            '2020年度組織生活會對照檢查材料彙編',
            '村黨支部書記述職報告（精選10篇）',
            '分享 收藏 點贊 在看'],
  'keep': ['2020年，在縣委的堅強領導下，我認真履行黨建工作第一責任人職責，堅持把黨建工作與脫貧攻堅、疫情防控、鄉村振興統籌推進。',
           '疫情發生後，第一時間成立臨時黨支部9個，組織黨員設立防控卡點21個，600餘名黨員幹部下沉一線，做到了守土有責、守土盡責。',
           '推行“黨支部+合作社+農戶”模式，發展香菇大棚120個，帶動脫貧戶186戶戶均增收3200元，村級集體經濟收入全部超過5萬元。',
           '以上述職，請予評議。'],
  'headings': ['一、履職情況', '（一）抓班子帶隊伍', '（二）抓堡壘強基礎', '（三）抓疫情防控', '（四）抓產業促增收', '二、存在的問題', '三、下一步打算'],
  'line_noise': ['原創 基層黨建參考 2021-01-08 07:45 發表於河南',
                 '點擊藍字 關注我們',
                 '【付費內容】',
                 '- END -',
                 '往期推薦',
                 '2020年度組織生活會對照檢查材料彙編',
                 '村黨支部書記述職報告（精選10篇）',
                 '分享 收藏 點贊 在看'],
  'year_mode': 'open',
  'unit_mode': 'author',
  'encoding': 'utf-8',
  'crlf': False,
  'outline': None,
  'boiler_first': True,
  'text': '原創 基層黨建參考 2021-01-08 07:45 發表於河南\n'
          '點擊藍字 關注我們\n'
          '鄉鎮黨委書記抓基層黨建工作述職報告\n'
          '石嶺縣三河鎮黨委書記 王××\n'
          '2020年，在縣委的堅強領導下，我認真履行黨建工作第一責任人職責，堅持把黨建工作與脫貧攻堅、疫情防控、鄉村振興統籌推進。現將履職情況報告如下：\n'
          '一、履職情況\n'
          '（一）抓班子帶隊伍。堅持“第一議題”學習制度，全年主持召開黨委會議36次，研究黨建工作14次。落實班子成員聯繫村制度，每名班子成員聯繫1至2個村，幫助解決實際問題42個。\n'
          '（二）抓堡壘強基礎。完成14個村“兩委”換屆前期準備工作，對3個軟弱渙散村黨組織逐一制定整頓方案，選派駐村第一書記3名，年底全部完成整頓轉化。\n'
          '（三）抓疫情防控。疫情發生後，第一時間成立臨時黨支部9個，組織黨員設立防控卡點21個，600餘名黨員幹##paidbegin##部下沉一線，做到了守土有責、守土盡責。\n'
          '【付費內容】\n'
          '（四）抓產業促增收。推行“黨支部+合作社+農戶”模式，發展香菇大棚120個，帶動脫貧戶186戶戶均增收3200元，村級集體經濟收入全部超過5萬元。\n'
          '二、存在的問題\n'
          '一是對村級黨組織的指導還不夠精準，個別村“三會一課”記錄不規範；二是黨員隊伍老化，全鎮60歲以上黨員佔比達到41%；三是自身理論學習不夠系統，以幹代學的情況時有發生。\n'
          '三、下一步打算\n'
          '2021年，我將緊緊圍繞村“兩委”換屆這一重點，選優配強村黨組織書記，同時持續推進軟弱渙散村黨組織整頓，確保全鎮黨建工作再上新臺階。加大在青年農民、返鄉創業人員中發展黨員的力度，逐步改善黨員隊伍結構。\n'
          '以上述職，請予評議。\n'
          '- END -\n'
          '往期推薦\n'
          '2020年度組織生活會對照檢查材料彙編\n'
          '村黨支部書記述職報告（精選10篇）\n'
          '分享 收藏 點贊 在看'},
 {'group': 'trad_clean',
  'title': '關於2021—2023年落實全面從嚴治黨主體責任情況的報告',
  'year': 2023,
  'type': '情况报告',
  'unit': '永平縣教育局黨組',
  'noise': [],
  'keep': ['2021年以來，局黨組堅持以習近平新時代中國特色社會主義思想為指導，認真履行管黨治黨政治責任，推動全面從嚴治黨向縱深發展。',
           '嚴格執行公務接待、公車使用等規定，三年“三公”經費較2020年下降27%。',
           '聚焦招生入學、教材徵訂、校園餐等羣眾關注的問題開展專項治理，查糾問題38個，退還違規收費11.6萬元。',
           '特此報告。',
           '永平縣教育局黨組'],
  'headings': ['一、主要做法及成效',
               '(一)壓緊壓實責任鏈條',
               '(二)加強教育系統廉政建設',
               '(三)馳而不息糾治“四風”',
               '二、存在的問題',
               '(一)書記抓黨建能力有待提升',
               '(二)廉政風險防控存在薄弱環節',
               '三、下一步工作措施',
               '(一)深化清廉學校建設',
               '(二)健全監督機制',
               '(三)加強書記隊伍建設'],
  'line_noise': [],
  'year_mode': 'range',
  'unit_mode': 'sign',
  'encoding': 'utf-8-sig',
  'crlf': True,
  'outline': 'half',
  'boiler_first': False,
  'text': '關於2021—2023年落實全面從嚴治黨主體責任情況的報告\n'
          '縣委：\n'
          '2021年以來，局黨組堅持以習近平新時代中國特色社會主義思想為指導，認真履行管黨治黨政治責任，推動全面從嚴治黨向縱深發展。現將三年來有關情況報告如下：\n'
          '一、主要做法及成效\n'
          '(一)壓緊壓實責任鏈條\n'
          '每年年初召開全面從嚴治黨工作會議，黨組書記與班子成員、班子成員與分管股室負責人層層簽訂責任書，三年共簽訂責任書126份。黨組會議每季度專題研究一次黨風廉政建設，形成問題清單、任務清單、責任清單。\n'
          '(二)加強教育系統廉政建設\n'
          '聚焦招生入學、教材徵訂、校園餐等羣眾關注的問題開展專項治理，查糾問題38個，退還違規收費11.6萬元。在全縣中小學開展“清廉學校”創建，評選示範校12所。\n'
          '(三)馳而不息糾治“四風”\n'
          '嚴格執行公務接待、公車使用等規定，三年“三公”經費較2020年下降27%。開展“文山會海”專項整治，發文數量減少三分之一。\n'
          '二、存在的問題\n'
          '(一)書記抓黨建能力有待提升。基層學校黨組織書記抓黨建的能力參差不齊，個別學校存在重教學、輕黨建的現象。\n'
          '(二)廉政風險防控存在薄弱環節。對學校食堂、基建項目的日常監督不夠有力，發現問題的能力還不強。\n'
          '三、下一步工作措施\n'
          '(一)深化清廉學校建設。每所學校打造1個清廉文化陣地，把廉潔教育融入課堂教學。\n'
          '(二)健全監督機制。針對學校食堂、基建項目建立全過程監督機制，開展“回頭看”專項檢查。\n'
          '(三)加強書記隊伍建設。加強校長和黨組織書記培訓，全面推行中小學校黨組織領導的校長負責制。\n'
          '特此報告。\n'
          '永平縣教育局黨組\n'
          '2023年12月26日'},
 {'group': 'trad_clean',
  'title': '“不忘初心、牢記使命”主題教育學習心得體會',
  'year': 2019,
  'type': '心得体会',
  'unit': '東城區審計局機關黨支部',
  'noise': [],
  'keep': ['按照區委統一部署，我參加了爲期一週的主題教育集中學習。', '審計工作看似與羣衆距離較遠，實際上每一筆民生資金都連着千家萬戶。', '去年參與的保障性住房審計中，我們發現的11個問題全部整改到位，這讓我深切體會到審計監督的價值。'],
  'headings': ['守初心，就要始終把人民放在心中', '擔使命，就要在本職崗位上擔當作爲', '找差距，就要敢於直面自身不足', '抓落實，就要把學習成效轉化爲工作實效', '強作風，就要在細節處見真章'],
  'line_noise': [],
  'year_mode': 'close_cn',
  'unit_mode': 'author',
  'encoding': 'utf-8',
  'crlf': False,
  'outline': 'nonum',
  'boiler_first': False,
  'text': '“不忘初心、牢記使命”主題教育學習心得體會\n'
          '東城區審計局機關黨支部 李××\n'
          '按照區委統一部署，我參加了爲期一週的主題教育集中學習。學習期間，通過研讀原著、聆聽輔導、交流研討，我對守初心、擔使命有了更加深刻的理解，思想上受到了一次深刻洗禮。\n'
          '守初心，就要始終把人民放在心中\n'
          '審計工作看似與羣衆距離較遠，實際上每一筆民生資金都連着千家萬戶。今後開展扶貧資金、社保基金審計時，我將多到現場覈實，多聽羣衆意見，讓每一分錢都花在刀刃上。羣衆的期盼，就是我們工作的方向。\n'
          '擔使命，就要在本職崗位上擔當作爲\n'
          '作爲一名審計幹部，擔當就體現在敢於揭示問題、善於推動整改上。去年參與的保障性住房審計中，我們發現的11個問題全部整改到位，這讓我深切體會到審計監督的價值。\n'
          '找差距，就要敢於直面自身不足\n'
          '對照黨章黨規，我感到自己在理論學習上還存在淺嘗輒止的問題，在工作中有時滿足於按程序辦事，主動研究新情況、新問題不夠，這些都需要在今後的工作中認真加以改進。差距就是努力的方向，只有正視不足，才能不斷進步。\n'
          '抓落實，就要把學習成效轉化爲工作實效\n'
          '我將制定個人學習計劃，每週至少精讀一篇重要講話原文，同時結合審計項目，把學到的理論運用到發現問題、分析問題、解決問題中去，以實際行動檢驗主題教育成效。\n'
          '強作風，就要在細節處見真章\n'
          '審計工作容不得半點馬虎，一個數據、一張憑證都可能關係到問題定性。今後我將堅持實事求是，做到見人見事見數據，以過硬作風贏得被審計單位和羣衆的信任。\n'
          '二〇一九年十月十八日'},
 {'group': 'trad_gov',
  'title': '關於村級黨組織書記隊伍建設情況的調研報告',
  'year': 2024,
  'type': '调研报告',
  'unit': '華陽市委組織部',
  'noise': ['索引號：11330723MB1234567X/2024-00031', '主題分類：組織人事', '發佈機構：華陽市委組織部', '發佈日期：2024-06-12', '【字體：大 中 小】', '【打印本頁】【關閉窗口】'],
  'keep': ['為全面掌握村級黨組織書記隊伍現狀，今年4月至5月，調研組深入6個縣（市、區）、38個村，採取座談交流、個別訪談、問卷調查等方式開展專題調研，共發放問卷520份。',
           '全市共有村黨組織書記1126名，其中書記、主任“一肩挑”比例達到96%，大專以上學歷佔比較2021年換屆前提高18個百分點，平均年齡46.3歲，隊伍結構明顯優化。',
           '每個村按照1:2的比例儲備後備力量，實行動態管理、定向培養。注重從致富能手、外出務工經商人員、退役軍人中發現培養人選。'],
  'headings': ['一、基本情況',
               '二、存在的主要問題',
               '（一）後備力量不足',
               '（二）能力素質與鄉村振興要求不相適應',
               '（三）激勵保障機制不夠健全',
               '三、對策建議',
               '（一）實施後備力量“儲備工程”',
               '（二）實施能力素質“提升工程”',
               '（三）實施激勵保障“暖心工程”'],
  'line_noise': ['索引號：11330723MB1234567X/2024-00031\u3000\u3000主題分類：組織人事',
                 '發佈機構：華陽市委組織部\u3000\u3000發佈日期：2024-06-12',
                 '【字體：大 中 小】',
                 '【打印本頁】【關閉窗口】'],
  'year_mode': 'close',
  'unit_mode': 'author',
  'encoding': 'gb18030',
  'crlf': False,
  'outline': None,
  'boiler_first': True,
  'text': '索引號：11330723MB1234567X/2024-00031\u3000\u3000主題分類：組織人事\n'
          '發佈機構：華陽市委組織部\u3000\u3000發佈日期：2024-06-12\n'
          '【字體：大 中 小】\n'
          '關於村級黨組織書記隊伍建設情況的調研報告\n'
          '華陽市委組織部調研組\n'
          '為全面掌握村級黨組織書記隊伍現狀，今年4月至5月，調研組深入6個縣（市、區）、38個村，採取座談交流、個別訪談、問卷調查等方式開展專題調研，共發放問卷520份。現將有關情況報告如下：\n'
          '一、基本情況\n'
          '全市共有村黨組織書記1126名，其中書記、主任“一肩挑”比例達到96%，大專以上學歷佔比較2021年換屆前提高18個百分點，平均年齡46.3歲，隊伍結構明顯優化。\n'
          '二、存在的主要問題\n'
          '（一）後備力量不足。部分村青年人才外流嚴重，村級後備力量平均不足2人，有的村甚至找不到合適的接班人選。調研中，有12個村的書記已連任三屆以上，年齡超過55歲。\n'
          '（二）能力素質與鄉村振興要求不相適應。約三成書記表示在發展產業、招商引資方面“有心無力”，運用互聯網開展工作的能力較弱。部分書記習慣於傳統工作方法，對新業態、新模式瞭解不多。\n'
          '（三）激勵保障機制不夠健全。書記報酬與工作量不匹配，晉升通道偏窄，部分書記存在“幹滿這一屆再說”的想法。\n'
          '三、對策建議\n'
          '（一）實施後備力量“儲備工程”。每個村按照1:2的比例儲備後備力量，實行動態管理、定向培養。注重從致富能手、外出務工經商人員、退役軍人中發現培養人選。\n'
          '（二）實施能力素質“提升工程”。分期分批組織村黨組織書記到先進地區跟班學習，每年輪訓一遍。推行“導師幫帶”制度，由優秀書記結對幫帶新任書記。\n'
          '（三）實施激勵保障“暖心工程”。建立報酬正常增長機制，加大從優秀村黨組織書記中考錄鄉鎮公務員的力度。\n'
          '華陽市委組織部調研組\n'
          '2024年5月28日\n'
          '【打印本頁】【關閉窗口】'}]

if __name__ == "__main__":
    main()
