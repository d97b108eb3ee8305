"""The word lists story clustering uses: stopwords, generic words, a Chinese glossary.

Kept apart from :mod:`scitui.stories` so its logic reads without them; values only.
"""

from __future__ import annotations


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _pairs(text: str) -> dict[str, str]:
    """Pairs of 中文=english-words as {中文: "english words"}."""
    return {
        term: english.replace("-", " ")
        for term, english in (pair.split("=") for pair in text.split())
    }


STOPWORDS = _word_set(
    """a an the and or but nor in on at to for of is it its by with from as be was were are
    this that these those have has had do does did will would could should may might can
    shall not no his her their our your my been being he she so up if me we am us they them
    you i than then there here into onto over under about after before amid among between
    against during without within via per vs more most less least new says say said saying
    what which who whom why how when where all any each every some such very just also
    now out off yet still one two three first last week weeks day days year years today
    report reports update updates news analysis opinion explainer podcast newsletter brief
    briefing read watch live exclusive breaking anti""",
)
GENERIC = _word_set(
    """china chinese beijing us u s america american washington united state chip semiconductor
    export control rule regulation tech technology ai research researcher science scientific
    policy government federal national security global world trade industry data new law
    department agency official company firm market plan program funding fund billion million
    university student talent commerce ministry grant budget scientist laboratory"""
)
"""Words most policy headlines share: they count half (two of them do not make one event)."""
CJK_GENERIC = _word_set(
    """中国 美国 芯片 出口 管制 科技 技术 半导 导体 政策 研究 发布 国家 商务 务部 全球 产业 企业
    公司 人才 大学 科学 发展 合作 创新 国际 政府 部门 相关 表示 报道 新闻 宣布 公告 实施 对华 新规
    措施 决定 正式"""
)
GLOSSARY = _pairs(
    """英伟达=nvidia 华为=huawei 中芯国际=smic 长江存储=ymtc 长鑫=cxmt 台积电=tsmc
    阿斯麦=asml 三星=samsung 美光=micron 英特尔=intel 高通=qualcomm
    阿里巴巴=alibaba 腾讯=tencent 百度=baidu 字节跳动=bytedance
    深度求索=deepseek 寒武纪=cambricon 海光=hygon 上海微电子=smee 镓=gallium
    锗=germanium 锑=antimony 石墨=graphite 稀土=rare-earth 钨=tungsten
    锂=lithium 实体清单=entity-list 出口管制=export-control
    光刻=lithography 高带宽内存=hbm 存储芯片=memory-chip 人工智能=ai 大模型=model
    超级计算=supercomputer 超算=supercomputer 量子=quantum
    集成电路=integrated-circuit 大基金=big-fund 产业投资基金=investment-fund
    反垄断=antitrust 反垄断法=anti-monopoly-law 市场监管总局=samr
    商务部=commerce-ministry 海关总署=customs 工信部=miit
    科技部=science-ministry 国家自然科学基金=nsfc 中国科学院=academy 网信办=cac
    发改委=ndrc 行业协会=industry-association 关税=tariff 制裁=sanction
    禁令=ban 禁止=ban 调查=probe 立案调查=probe 两用物项=dual-use
    荷兰=netherlands 日本=japan 韩国=korea 欧盟=eu 英国=uk 德国=germany
    台湾=taiwan 俄罗斯=russia 地平线欧洲=horizon-europe 手机=smartphone
    麒麟=kirin 芯片法案=chips-act 反倾销=anti-dumping 反补贴=countervailing
    模拟芯片=analog-chip 晶圆=wafer 代工=foundry 数据中心=data-center 许可=license
    超导=superconducting 量子计算=quantum-computing 黄仁勋=jensen-huang 特朗普=trump
    拜登=biden 签证=visa 留学生=international-student 科研经费=research-funding"""
    # the beat's names and instruments, from the Chinese keywords of the built-in topics'
    # definitions: one English word each (a term read as two words would count as two words
    # shared), and no topic nouns (laboratory, talent, grant: a topic is not an event)
    """
    工业和安全局=bis 工业与安全局=bis 许可证=license 转运=transshipment 芯片=chip 晶片=chip
    半导体=semiconductor 半導體=semiconductor 算力=compute 超级计算机=supercomputer
    高带宽存储=hbm 昇腾=ascend 中芯=smic 台積電=tsmc 欧洲核子研究中心=cern 中科院=academy"""
)
"""Chinese terms of this beat as English words, so coverage in both languages can meet."""
GLOSSARY_TERMS = sorted(GLOSSARY, key=len, reverse=True)
"""Longest first: 反垄断法 is found before 反垄断."""
CJK_FUNCTION = frozenset("的对和与在了是将等及于为把被从向也就都而并其之以或")
"""Chinese function characters: a bigram with one straddles two words ("宣布对" makes 布对)."""
SYNONYMS = {"curb": "control", "restrict": "control", "controll": "control"}
"""Stemmed words the beat uses for one thing: an export curb, restriction or control are one
instrument (the export-controls topic lists them as the same keyword)."""
URL_WORDS = _word_set("www com org net gov edu io co uk cn feed feeds rss xml atom")
