"""Add synthetic Chinese policy articles to a bench database, for Chinese search figures (T5, T7).

Usage:
    PYTHONPATH=SRC python bench/cjk_fill.py DB [--count 2000] [--seed 1]

Articles are stored through the Store of the scitui on PYTHONPATH (so its triggers index them),
in one feed of their own; titles and bodies are drawn from policy-press sentences, ~600 characters
each, so Chinese queries match from a handful to most of them. Prints the bytes the file grew by.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TITLES = (
    "科技部：加快实现高水平科技自立自强",
    "商务部公告：镓锗相关物项实施出口管制",
    "国家自然科学基金委发布年度项目指南",
    "教育部部署科研诚信建设专项工作",
    "工信部推动集成电路产业高质量发展",
    "全国重点实验室重组工作取得阶段性进展",
    "国家发展改革委：加快全国一体化算力网络建设",
    "外交部回应美方将中国企业列入实体清单",
    "中国科学院发布光刻机关键部件研究成果",
    "人才计划支持青年科学家开展基础研究",
    "国际科技合作专项启动新一轮申报",
    "美方扩大对华HBM芯片出口管制范围",
)
SENTENCES = (
    "会议强调，要坚持创新在现代化建设全局中的核心地位，加快实现高水平科技自立自强。",
    "根据《中华人民共和国出口管制法》有关规定，经国务院批准，决定对相关物项实施出口管制。",
    "要优化全国重点实验室体系布局，推动国家实验室和重点实验室协同攻关。",
    "加快建设全国一体化算力网络，提升智能算力供给能力和使用效率。",
    "集成电路产业是支撑经济社会发展的战略性、基础性和先导性产业。",
    "国家自然科学基金将进一步加大对基础研究和青年人才的支持力度。",
    "各单位要严格落实科研诚信主体责任，严肃查处学术不端行为。",
    "美方将多家中国企业和机构列入实体清单，中方对此坚决反对。",
    "光刻机等关键设备的自主研发取得新进展，部分核心部件实现国产化。",
    "深化国际科技合作，积极融入全球创新网络，共同应对全球性挑战。",
    "出口经营者应当按照相关规定办理许可手续，向商务部提出申请。",
    "业内人士认为，HBM芯片出口管制将影响全球存储供应链。",
    "本公告自发布之日起正式实施，由商务部负责解释。",
    "会议要求，完善科技评价机制，营造良好创新生态。",
)


def drafts(count: int, seed: int) -> list[object]:
    from scitui.models import ArticleDraft, EntryData

    rng = random.Random(seed)
    made = []
    for number in range(count):
        text = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(10, 16)))
        key = f"cjk-{seed}-{number}"
        entry = EntryData(
            key=key, guid=key, url=f"https://zh.bench.test/{key}", title=rng.choice(TITLES),
            author=None, published=None, summary="", content_html=f"<p>{text}</p>",
        )  # fmt: skip
        made.append(ArticleDraft(entry, f"<p>{text}</p>", text, "page", {}))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from scitui.store import Store

    store = Store(args.db)
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = args.db.stat().st_size
    feed = store.ensure_feed(f"https://zh.bench.test/feed-{args.seed}.xml")
    items = drafts(args.count, args.seed)
    store.save_new(feed.id, [(draft, f"h-{draft.entry.key}") for draft in items])  # type: ignore[attr-defined]
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    grown = args.db.stat().st_size - size
    print(f"{args.count} Chinese articles: +{grown} bytes, {grown / args.count:.0f} bytes each")


if __name__ == "__main__":
    main()
