"""Benchmark the software classifier: dev-set and held-out accuracy, throughput at 10k-1M rows.

Run: .venv/bin/python bench/classify_bench.py [-v]
The dev set is ../shared/eval/software-dev.csv relative to the repository (or the directory
named by ZHENGBAN_EVAL_DIR). The baseline is rapidfuzz extractOne over all catalog product
names, taking that product's class, measured in the same run.
The held-out set is bench/data/unseen_names.csv: hand-labelled names that are neither in the
catalog nor in the dev set, so it measures the fallback on names never seen. Batches 1 and 2
were looked at while the crack markers and the community-publisher default were written;
batch 3 was written before the last rule changes and not used to tune them.
bench/data/office_sample.csv is a fresh sample of office software (see office_sample()).
"""

from __future__ import annotations

import csv
import os
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from rapidfuzz import process

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inventory.catalog import LicenseClass, load_catalog
from inventory.classify import Classification, Classifier
from inventory.known_packages import KnownPackages, read_known

CLASSES = [c.value for c in LicenseClass]


def dev_set_path() -> Path:
    env = os.environ.get("ZHENGBAN_EVAL_DIR")
    if env:
        return Path(env) / "software-dev.csv"
    return Path(__file__).resolve().parents[2] / "shared/eval/software-dev.csv"


def report_accuracy(label: str, gold: list[str], predicted: list[str]) -> None:
    total = len(gold)
    right = sum(g == p for g, p in zip(gold, predicted, strict=True))
    print(f"{label} license-class accuracy overall: {right / total:.1%} ({right}/{total})")
    for cls in CLASSES:
        rows = [(g, p) for g, p in zip(gold, predicted, strict=True) if g == cls]
        if rows:
            hit = sum(g == p for g, p in rows)
            print(f"{label} accuracy on {cls}: {hit / len(rows):.1%} ({hit}/{len(rows)})")
    crack = [(g, p) for g, p in zip(gold, predicted, strict=True) if g == "crack_tool"]
    if crack:
        hit = sum(p == "crack_tool" for _, p in crack)
        print(f"{label} crack_tool recall: {hit / len(crack):.1%} ({hit}/{len(crack)})")
    false_crack = sum(
        p == "crack_tool" and g != "crack_tool" for g, p in zip(gold, predicted, strict=True)
    )
    print(f"{label} false crack_tool alarms: {false_crack}")
    committed = [(g, p) for g, p in zip(gold, predicted, strict=True) if p != "unknown"]
    right = sum(g == p for g, p in committed)
    print(
        f"{label} committed (non-unknown) answers: {len(committed)}/{total}, "
        f"correct {right / max(1, len(committed)):.1%}"
    )


def named(result: Classification) -> bool:
    """Whether a catalog product or a known package names the row (not a guess by its name)."""
    return bool(result.product_id) and not (result.product_id or "").startswith("name:")


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a labelled CSV."""
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def accuracy(path: Path, classifier: Classifier, verbose: bool, label: str = "classifier") -> None:
    rows = read_rows(path)
    gold = [r["license_class"] for r in rows]
    ours = [
        classifier.classify(r["display_name"], r["publisher"] or None, r["version"] or None)
        for r in rows
    ]
    report_accuracy(label, gold, [c.license_class.value for c in ours])
    if label != "classifier":
        return
    matched = [(g, c) for g, c in zip(gold, ours, strict=True) if named(c)]
    right = sum(g == c.license_class.value for g, c in matched)
    print(
        f"classifier catalog coverage: {len(matched) / len(gold):.1%} of rows matched a product; "
        f"accuracy on those {right / max(1, len(matched)):.1%} ({right}/{len(matched)})"
    )
    if verbose:
        for row, result in zip(rows, ours, strict=True):
            if row["license_class"] != result.license_class.value:
                print(
                    f"  miss: {row['display_name']!r} gold={row['license_class']} "
                    f"got={result.license_class.value} ({result.reason})"
                )
    products = classifier.catalog.products
    names = [p.name for p in products]
    baseline = []
    for row in rows:
        found = process.extractOne(row["display_name"], names)
        baseline.append(products[found[2]].license_class.value if found else "unknown")
    report_accuracy("baseline rapidfuzz extractOne", gold, baseline)


HELD_OUT = Path(__file__).resolve().parent / "data" / "unseen_names.csv"


def held_out(classifier: Classifier, verbose: bool, prefix: str = "held-out") -> None:
    """Accuracy on hand-labelled names that neither the catalog nor the dev set contains."""
    rows = read_rows(HELD_OUT)
    results = [
        classifier.classify(r["display_name"], r["publisher"] or None, r["version"] or None)
        for r in rows
    ]
    for batch in [*sorted({r["batch"] for r in rows}), None]:
        chosen = [(r, c) for r, c in zip(rows, results, strict=True) if batch in (None, r["batch"])]
        label = f"{prefix} batch {batch}" if batch else f"{prefix} all"
        gold = [r["license_class"] for r, _ in chosen]
        report_accuracy(label, gold, [c.license_class.value for _, c in chosen])
    known = [c for r, c in zip(rows, results, strict=True) if r["license_class"] != "crack_tool"]
    print(f"{prefix} rows matched to a product: {sum(named(c) for c in known)}")
    if verbose and prefix == "held-out":
        for row, result in zip(rows, results, strict=True):
            if row["license_class"] != result.license_class.value:
                print(
                    f"  held-out miss: {row['display_name']!r} gold={row['license_class']} "
                    f"got={result.license_class.value} ({result.reason})"
                )


POOL = [
    ("Microsoft Office 专业增强版 2016", "Microsoft Corporation", "16.0.4266.1001"),
    ("Microsoft Office Professional Plus 2019 - zh-cn", "Microsoft Corporation", "16.0.10730"),
    ("Microsoft 365 - zh-cn", "Microsoft Corporation", "16.0.17328"),
    (
        "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.{v}",
        "Microsoft Corporation",
        None,
    ),
    ("Microsoft Visual C++ 2010  x86 Redistributable - 10.0.40219", "Microsoft Corporation", None),
    ("Microsoft Edge", "Microsoft Corporation", "120.0.{v}.80"),
    ("Microsoft Edge WebView2 Runtime", "Microsoft Corporation", "120.0.{v}.80"),
    ("Microsoft .NET Framework 4.8 Targeting Pack", "Microsoft Corporation", "4.8.{v}"),
    ("Update for Microsoft Office 2016 (KB{kb}) 32-Bit Edition", "Microsoft Corporation", None),
    ("Security Update for Windows 10 (KB{kb})", "Microsoft Corporation", None),
    ("Microsoft Teams", "Microsoft Corporation", "1.6.00.{v}"),
    ("Microsoft OneDrive", "Microsoft Corporation", "23.{v}"),
    ("WPS Office (11.1.0.{v})", "Kingsoft Corp.", "11.1.0.{v}"),
    ("WPS Office 2019 专业版", "珠海金山办公软件有限公司", "11.8.2.{v}"),
    ("腾讯QQ", "腾讯科技(深圳)有限公司", "9.7.{v}"),
    ("微信", "腾讯科技(深圳)有限公司", "3.9.{v}"),
    ("腾讯会议", "腾讯科技(深圳)有限公司", "3.{v}"),
    ("企业微信", "腾讯科技(深圳)有限公司", "4.1.{v}"),
    ("钉钉", "Alibaba (China) Co., Ltd.", "7.0.{v}"),
    ("360安全卫士", "360.cn", "13.0.0.{v}"),
    ("360安全浏览器", "360.cn", "14.{v}"),
    ("360压缩", "360.cn", "4.0.0.{v}"),
    ("火绒安全软件", "北京火绒网络科技有限公司", "5.0.{v}"),
    ("Google Chrome", "Google LLC", "120.0.{v}.110"),
    ("Mozilla Firefox (x64 zh-CN)", "Mozilla", "121.0.{v}"),
    ("搜狗输入法 12.{v}正式版", "Sogou.com", None),
    ("百度网盘", "北京百度网讯科技有限公司", "7.{v}"),
    ("WinRAR 6.{v} (64-bit)", "win.rar GmbH", None),
    ("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01"),
    ("Bandizip", "Bandisoft.com", "7.{v}"),
    ("Adobe Acrobat Reader DC - Chinese Simplified", "Adobe Systems Incorporated", "23.{v}"),
    ("Adobe Photoshop 2023", "Adobe Inc.", "24.{v}"),
    ("AutoCAD 2020 - 简体中文 (Simplified Chinese)", "Autodesk", "23.1.{v}"),
    ("Autodesk Genuine Service", "Autodesk", "2.{v}"),
    ("福昕阅读器", "福昕软件", "12.{v}"),
    ("CAJViewer 7.3", "同方知网(北京)技术有限公司", "7.3.{v}"),
    ("数科OFD阅读器", "北京数科网维技术有限责任公司", "3.0.{v}"),
    ("Intel(R) Management Engine Components", "Intel Corporation", "2040.{v}"),
    ("NVIDIA 图形驱动程序 5{v}.49", "NVIDIA Corporation", None),
    ("Realtek High Definition Audio Driver", "Realtek Semiconductor Corp.", "6.0.{v}"),
    ("Java 8 Update {v} (64-bit)", "Oracle Corporation", None),
    ("Python 3.11.{v} (64-bit)", "Python Software Foundation", None),
    ("Navicat Premium 16", "PremiumSoft CyberTech Ltd.", "16.{v}"),
    ("Xshell 7", "NetSarang Computer, Inc.", "7.0.{v}"),
    ("向日葵远程控制", "上海贝锐信息科技股份有限公司", "13.{v}"),
    ("ToDesk", "ToDesk", "4.7.{v}"),
    ("KMSpico", "", None),
    ("HEU KMS Activator {v}", "", None),
    ("Office 2016 破解补丁", "", None),
    ("HP LaserJet Pro MFP M{v} 打印机驱动", "HP Inc.", None),
]


def synthetic_rows(
    count: int, seed: int = 7, spread: int = 40
) -> list[tuple[str, str | None, str | None]]:
    """Installation rows drawn Zipf-like from a pool with version noise and long-tail names."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(POOL))]
    picks = rng.choices(range(len(POOL)), weights=weights, k=count)
    rows: list[tuple[str, str | None, str | None]] = []
    for index in picks:
        name, publisher, version = POOL[index]
        if rng.random() < 0.03:  # long tail: unknown in-house or rare tools
            rows.append(
                (f"内部业务系统客户端 {rng.randrange(400)}", f"厂商{rng.randrange(50)}", None)
            )
            continue
        v = str(rng.randrange(20, 20 + spread))
        kb = str(rng.randrange(4_000_000, 4_000_200))
        filled = name.replace("{v}", v).replace("{kb}", kb)
        rows.append((filled, publisher or None, version.replace("{v}", v) if version else None))
    return rows


def throughput(catalog_size: int, known: KnownPackages) -> None:
    catalog = load_catalog()
    for count, spread in ((10_000, 40), (100_000, 40), (1_000_000, 40), (1_000_000, 4000)):
        rows = synthetic_rows(count, spread=spread)
        classifier = Classifier(catalog, known=known)  # cold cache per size
        start = time.perf_counter()
        results = classifier.classify_many(rows)
        elapsed = time.perf_counter() - start
        unique = len({(n, p) for n, p, _ in rows})
        classes = Counter(r.license_class.value for r in results)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"classify throughput {count:>9,} rows: {count / elapsed:,.0f} rows/s "
            f"({elapsed:.2f} s, {unique:,} distinct names, peak RSS {peak_mb:.0f} MB, "
            f"catalog {catalog_size} products, classes {dict(classes)})"
        )


CRACK_TEMPLATES = [
    "{p} 破解版",
    "{p} 绿色破解版",
    "{p} 注册机",
    "{p} Keygen",
    "{p} crack v2",
    "{p}_Cracked",
    "{p} 破解补丁",
    "{p} 免激活版",
    "{p} Patch by TNT",
    "{p} Trial Reset",
    "{p} 无限试用补丁",
    "{p} 学习版",
    "{p} 特别版",
    "{p} 一键激活工具",
    "{p} Activator",
]
CRACK_PRODUCTS = [
    "Office 2021",
    "Photoshop 2024",
    "AutoCAD 2025",
    "Navicat 17",
    "Xmind",
    "IDM",
    "Win11",
    "Camtasia",
    "CorelDRAW",
    "Beyond Compare",
    "UltraEdit",
    "SecureCRT",
]
OFFICE_SAMPLE = Path(__file__).resolve().parent / "data" / "office_sample.csv"


def office_sample(classifier: Classifier, verbose: bool) -> None:
    """Accuracy on a fresh sample of office software, and on its rows no catalog product names.

    Written by a helper that saw neither the catalog nor the dev set (2026-11-24), measured
    before the changes it could steer (89.4% at commit ba2ec64); its crack rows then taught
    the dongle-bypass markers, so its crack recall is no longer a measure of unseen names.
    """
    rows = read_rows(OFFICE_SAMPLE)
    results = [
        classifier.classify(r["display_name"], r["publisher"] or None, r["version"] or None)
        for r in rows
    ]
    catalog_only = Classifier(classifier.catalog)
    outside = [
        i
        for i, r in enumerate(rows)
        if not named(catalog_only.classify(r["display_name"], r["publisher"] or None))
    ]
    gold = [r["license_class"] for r in rows]
    predicted = [c.license_class.value for c in results]
    report_accuracy("office sample all", gold, predicted)
    pick = [gold[i] for i in outside], [predicted[i] for i in outside]
    report_accuracy(f"office sample, {len(outside)} rows no catalog product names", *pick)
    if verbose:
        for row, got in zip(rows, predicted, strict=True):
            if row["license_class"] != got:
                print(
                    f"  office miss: {row['display_name']!r} gold={row['license_class']} got={got}"
                )


DATA = Path(__file__).resolve().parent / "data"

# Fresh crack samples, each written by a helper that read no project file, and what they have
# been used for since. Once a sample's misses taught a marker it no longer measures unseen names.
CRACK_SAMPLES = {
    "crack_sample.csv": "60 crack / 30 look-alikes; 54/60 when first measured (a41fd67); its 6"
    " misses taught markers at 628fb76, so it is seen",
    "crack_sample2.csv": "120 crack / 60 look-alikes; 114/120 before 628fb76, 116/120 after it"
    " (first look); its 4 misses taught markers at 627ea37, so it is seen",
    "crack_sample3.csv": "150 crack / 75 look-alikes, written after 627ea37; first measured"
    " 140/150 at f04e77d, 144/150 at 628fb76, 145/150 at 627ea37, 0 false alarms each",
    "crack_sample4.csv": "150 crack / 75 look-alikes, written after 1f4c8e6; first measured"
    " 114/150 at f04e77d, 126/150 at 628fb76, 128/150 at 627ea37 and 1f4c8e6,"
    " 2 false alarms each",
    "crack_sample5.csv": "150 crack / 75 look-alikes, written after 2d0f19d and asked to avoid"
    " the obvious words (at most a third may say crack, keygen, KMS or 破解; 18 do);"
    " first measured 83/150 at f04e77d, 96/150 at 628fb76, 98/150 at 1f4c8e6, 113/150 at"
    " 2d0f19d, 4 false alarms each",
    "crack_sample6.csv": "150 crack / 75 look-alikes, written after 877870e and asked to keep"
    " the obvious words (crack, keygen, KMS, 破解, 激活, patch, 补丁, 绿色, 注册机) to a quarter"
    " of the crack rows (8 use them); first measured 63/150 at f04e77d, 85/150 at 1f4c8e6,"
    " 104/150 at 2d0f19d, 110/150 at be852c3; false alarms 6, 6, 5, 4",
    "crack_sample7.csv": "150 crack / 75 look-alikes, written after 15bdc20 and asked to keep"
    " the obvious words to a quarter of the crack rows (23 use them); first measured 73/150 at"
    " f04e77d, 92/150 at 1f4c8e6, 97/150 at 2d0f19d, 115/150 at 15bdc20; 1 false alarm each;"
    " its misses taught the fifth round of markers, so it is seen",
    "crack_sample8.csv": "150 crack / 75 look-alikes, written after 15bdc20 by a helper asked for"
    " what a technician finds on 2,000 office PCs, the obvious words in at most a fifth of the"
    " crack rows (19 use them); first measured 93/150 at f04e77d, 110/150 at 1f4c8e6, 115/150"
    " at 2d0f19d, 131/150 at 15bdc20, 138/150 at ff132d5 and 139/150 at e06703a; 1 false"
    " alarm each (Skyrim's official 特别版); its misses taught the sixth round, so it is seen",
    "crack_sample9.csv": "100 crack / 50 look-alikes, written after 42d3d80 by a helper asked for"
    " the long tail a detector built from the usual vocabulary would miss (14 crack rows use the"
    " obvious words); first measured 47/100 at f04e77d, 68/100 at 1f4c8e6, 78/100 at 15bdc20,"
    " 83/100 at e06703a and 84/100 at e154edd; false alarms 0, 0, 1, 1, 1 (an office's own"
    " KMS server in brackets); its misses taught the seventh round, so it is seen",
    "crack_sample10.csv": "150 crack / 75 look-alikes, written after e7e5e18 by a helper asked"
    " for what a technician writes down auditing 3,000 PCs of a tax bureau, a hospital, a school,"
    " a design institute and a court, the obvious words in at most a fifth of the crack rows"
    " (25 use them); first measured 66/150 at f04e77d, 106/150 at 15bdc20, 114/150 at e154edd"
    " and 115/150 at e7e5e18; 0 false alarms each",
    "crack_sample11.csv": "150 crack / 75 look-alikes, written after e7e5e18 by a helper asked"
    " for warez-scene and Chinese repack builds, licence-server and dongle emulators, VIP mods"
    " and cracked domestic-Linux packages; first measured 65/150 at f04e77d, 115/150 at"
    " 15bdc20, 122/150 at e154edd and e7e5e18, 123/150 at 3ae2279 (the eighth round, taught by"
    " sample 10 alone); false alarms 3, 3, 2, 2, 2",
    "crack_sample12.csv": "150 crack / 75 look-alikes, written after 3ae2279 by a helper asked"
    " for what a city check tool finds in street offices, police stations, archives and a"
    " college, the obvious words in at most a sixth of the crack rows (20 use them); first"
    " measured 50/150 at f04e77d, 100/150 at 15bdc20, 111/150 at e7e5e18, 116/150 at 3ae2279"
    " and 1b3b631 (rounds eight and nine, taught by samples 10 and 11); false alarms 3, 2, 2,"
    " 2, 1",
    "crack_sample13.csv": "120 crack / 60 look-alikes, written after 0af5494 by a helper told the"
    " detector knows the common vocabulary and asked for the piracy it would most likely miss"
    " (lesser-known tools, foreign warez scenes, understated wording); first measured 24/120 at"
    " f04e77d, 56/120 at 15bdc20, 64/120 at e7e5e18, 67/120 at 3ae2279, 68/120 at 1b3b631 and"
    " 74/120 at 0af5494 (rounds eight to ten, taught by samples 10-12); 0 false alarms each",
    "crack_sample14.csv": "120 crack / 60 look-alikes, written after b5dee07 by a helper asked"
    " for an audit of a health commission, transport, water and land bureaus, a tax office and"
    " two schools, the obvious words in at most a sixth of the crack rows (10 use them); first"
    " measured 45/120 at f04e77d, 84/120 at 15bdc20, 96/120 at e7e5e18, 101/120 at 3ae2279 and"
    " 1b3b631, 110/120 at 0af5494 and b5dee07 (rounds eight to eleven); false alarms 2, 1, 1,"
    " 1, 0, 0",
    "crack_sample15.csv": "90 crack / 45 look-alikes, written after 37f194a by a helper asked"
    " for a police bureau, courts, social-security offices and a newsroom with video, design and"
    " audio teams (12 crack rows use the obvious words); first measured 48/90 at f04e77d, 66/90"
    " at 15bdc20, 73/90 at e7e5e18, 74/90 at 3ae2279, 76/90 at 335f8e6 and 77/90 at 37f194a"
    " (rounds eight to twelve); false alarms 3, 3, 3, 3, 2, 2",
    "crack_sample16.csv": "150 crack / 75 look-alikes, written after a5b3ed5 by a helper asked"
    " for a provincial audit of a statistics bureau, a survey institute (GIS, CAD, remote"
    " sensing), a finance bureau, a hospital imaging department and a vocational college's labs,"
    " the obvious words in at most a sixth of the crack rows (11 use them); first measured"
    " 55/150 at f04e77d, 104/150 at 15bdc20, 123/150 at e7e5e18, 128/150 at a5b3ed5 and 129/150"
    " after round fourteen (taught by sample 17 alone); false alarms 3, 2, 2, 2, 2",
    "crack_sample17.csv": "120 crack / 60 look-alikes, written after a5b3ed5 by a helper told"
    " the detector knows the common vocabulary and asked for what it would still miss (small"
    " commercial utilities, plugins, font packs, e-learning, cracked domestic software, Kylin/UOS"
    " packages; no crack row uses the obvious words); first measured 23/120 at f04e77d, 69/120"
    " at 15bdc20, 85/120 at e7e5e18, 88/120 at 37f194a and a5b3ed5 (rounds eight to"
    " thirteen); 2 false alarms each",
    "crack_sample18.csv": "120 crack / 60 look-alikes, written after 52062a4 by a helper asked"
    " for a housing and construction bureau, an emergency-management bureau, an ecology bureau,"
    " a people's congress office and a culture-and-tourism bureau (8 crack rows use the obvious"
    " words); first measured 47/120 at f04e77d, 90/120 at 15bdc20, 100/120 at e7e5e18, 103/120"
    " at a5b3ed5 and 0409fd1 (release tags, round fourteen), 105/120 at 52062a4 (round"
    " fifteen); 0 false alarms each",
    "crack_sample19.csv": "120 crack / 60 look-alikes, written after 52062a4 by a helper told"
    " the detector's vocabulary (crack words, repackers, release tags, licence files, dongle"
    " emulators, shared accounts) and asked for the piracy it would still miss; no crack row"
    " uses the obvious words; first measured 16/120 at f04e77d, 49/120 at 15bdc20, 65/120 at"
    " e7e5e18, 68/120 at a5b3ed5 and 0409fd1, 70/120 at 52062a4; 0 false alarms each",
    "crack_sample20.csv": "120 crack / 60 look-alikes, written after cc530da by a helper asked"
    " for a market-regulation bureau, an agriculture bureau, a natural-resources bureau, a"
    " medical-insurance bureau, a procuratorate, a district general office and a primary school"
    " (18 crack rows use the obvious words); first measured 52/120 at f04e77d, 102/120 at"
    " a5b3ed5, 107/120 at adbe440 and 4f7b9d1 (round eighteen, taught by sample 21 alone);"
    " 0 false alarms each",
    "crack_sample21.csv": "120 crack / 60 look-alikes, written after cc530da by a helper asked"
    " how pirated installs really look in a registry Uninstall list (repackers, forums and shops"
    " in the publisher field, repack suffixes, cracked domestic and Western software, activation"
    " leftovers, Kylin/UOS packages) at a provident-fund centre, a statistics office, a hospital's"
    " administration, a design institute and a vocational school (9 crack rows use the obvious"
    " words); first measured 63/120 at f04e77d, 102/120 at a5b3ed5 and 105/120 at c54aa67;"
    " 0 false alarms each",
    "crack_sample22.csv": "120 crack / 60 look-alikes, written after 79ac383 by a helper asked"
    " for a radio and TV station, a traffic police detachment, a finance bureau, a"
    " housing-security centre and a design and planning institute, PCs and Macs, the piracy"
    " shown in names, brackets, publishers, packages, services and plugins, no trick more than"
    " three times (20 crack rows use the obvious words); first measured 39/120 at f04e77d,"
    " 89/120 at a5b3ed5, 91/120 at adbe440 and 93/120 at e918b0d (rounds eighteen and"
    " nineteen, taught by samples 21 and 20); false alarms 2, 1, 0, 0",
    "crack_sample23.csv": "120 crack / 60 look-alikes, written after f7a6015 by a helper told"
    " the detector's vocabulary (crack words, repackers, release tags, licence files, emulators,"
    " shared accounts, channels as publishers, package suffixes, trial resets) and asked for the"
    " piracy it would still miss at civil-affairs, human-resources, veterans-affairs and sports"
    " bureaus and a middle school; first measured 21/120 at f04e77d, 44/120 at a5b3ed5, 48/120"
    " at adbe440 and 17b99cb (rounds eighteen to twenty caught none); false alarms 1, 0, 0, 0",
    "crack_sample24.csv": "120 crack / 60 look-alikes, written after f7a6015 by a helper asked"
    " for tax branches, a district hospital, a public-resources trading centre, an archives"
    " bureau and a cultural centre, no trick more than three times (21 crack rows use the"
    " obvious words); first measured 47/120 at f04e77d, 93/120 at a5b3ed5, 94/120 at adbe440,"
    " 95/120 at 80d3ec5 and 96/120 at f7a6015 (rounds eighteen to twenty); false alarms 5, 3,"
    " 2, 2, 2",
    "crack_sample25.csv": "120 crack / 60 look-alikes, written after eb5a9f4 by a helper asked"
    " for a development-and-reform commission, an industry bureau, a hospital's finance and HR"
    " offices, a water-resources bureau and a county party school, some names in traditional"
    " characters, no trick more than three times; first measured 46/120 at f04e77d, 88/120 at"
    " a5b3ed5, 90/120 at 17b99cb and 3ad37e3, 97/120 at eb5a9f4 (traditional characters, round"
    " twenty-two); false alarms 4, 2, 1, 0, 0",
    "crack_sample26.csv": "120 crack / 60 look-alikes, written after eb5a9f4 by a helper asked"
    " for market-supervision branches, a port authority, a customs office, a meteorological"
    " bureau and a district education bureau, as registry, osquery, GLPI and deb lists show"
    " them, no trick more than three times (15 crack rows use the obvious words); first"
    " measured 59/120 at f04e77d, 106/120 at a5b3ed5, 109/120 at 17b99cb and c66d0dd, 110/120"
    " at 3b36a30 (round twenty-three, taught by sample 25 alone); false alarms 2, 0, 0, 0, 0",
    "crack_sample27.csv": "120 crack / 60 look-alikes, written after e163275 by a helper asked"
    " for township governments, sub-district offices and village committees with machines set up"
    " by local computer shops (23 crack rows use the obvious words); first measured 58/120 at"
    " f04e77d, 94/120 at a5b3ed5, 96/120 at 17b99cb, 97/120 at c66d0dd, b2adb73 and e163275;"
    " 0 false alarms each",
    "crack_sample28.csv": "120 crack / 60 look-alikes, written after e163275 by a helper asked"
    " for a big-data bureau, its data centre and city IT departments (IDEs, database clients,"
    " terminals, virtualisation, BI and security tools; registry, osquery, macOS and deb lists);"
    " first measured 35/120 at f04e77d, 86/120 at a5b3ed5, 91/120 at 17b99cb, 93/120 at"
    " c66d0dd, 94/120 at e0376c4 and 95/120 at 0ddc1cc (round twenty-five, taught by sample 27"
    " alone); false alarms 3, 2, 3, 2, 2, 2",
    "crack_sample29.csv": "120 crack / 60 look-alikes, written after 7830d66 by a helper asked"
    " for finance and audit bureaus, a state-assets commission, a police forensics lab and a"
    " disease-control lab, no trick more than three times; first measured 40/120 at f04e77d,"
    " 85/120 at a5b3ed5, 90/120 at 17b99cb, 91/120 at c66d0dd, 95/120 at e0376c4 and 97/120"
    " at 7830d66 (rounds eighteen to twenty-six); 2 false alarms each",
    "crack_sample30.csv": "120 crack / 60 look-alikes, written after 7830d66 by a helper asked"
    " for the long tail of a publishing group, a library, a museum, a broadcasting bureau and a"
    " sports school (fonts, typesetting, colour, RAW, 3D scanning, VST and video plug-ins, OCR,"
    " archives); first measured 36/120 at f04e77d, 76/120 at a5b3ed5, 83/120 at c66d0dd, 84/120"
    " at e0376c4, d3be34f and 4a135a5; 0 false alarms each",
    "crack_sample31.csv": "120 crack / 60 look-alikes, written after b6b384f by a helper asked"
    " for deb/rpm package lists of Kylin, UOS and openEuler desktops in offices that migrated to"
    " domestic platforms (Wine and Spark wrappers, cracked Linux builds, OS activation bypasses,"
    " fonts, third-party repos, AppImages and snaps); first measured 23/120 at f04e77d, 40/120"
    " at a5b3ed5, 54/120 at c66d0dd, 55/120 at e0376c4, d3be34f and b6b384f; false alarms 4,"
    " 2, 0, 0, 0, 0",
    "crack_sample32.csv": "120 crack / 60 look-alikes, written after b6b384f by a helper asked"
    " for 4,000 PCs of a city's forty departments, the hint often outside the name (publisher,"
    " a version or edition that never existed, a leftover service); first measured 51/120 at"
    " f04e77d, 88/120 at a5b3ed5, 92/120 at c66d0dd, 95/120 at d3be34f, 4c6294c and 9c7562e;"
    " 0 false alarms each",
    "crack_sample33.csv": "120 crack / 60 look-alikes, written after f354272 by a helper asked"
    " for tax branches, a social-insurance agency, a housing fund, a notary office and a court's"
    " enforcement bureau (tax, finance, documents, e-signatures, CA clients; 18 crack rows use"
    " the obvious words); first measured 41/120 at f04e77d, 91/120 at a5b3ed5, 97/120 at"
    " c66d0dd, 9e3b064, 258dec2 and a36899a (round thirty-one, taught by sample 34 alone);"
    " 0 false alarms each",
    "crack_sample34.csv": "120 crack / 60 look-alikes, written after f354272 by a helper asked"
    " for a transport bureau, a highway administration, a rail-transit office, a traffic"
    " design institute and a vehicle-inspection centre (road and bridge CAD, traffic"
    " simulation, structural analysis, surveying, servers); first measured 50/120 at f04e77d,"
    " 99/120 at a5b3ed5, 105/120 at c66d0dd, 106/120 at d3be34f, 107/120 at 9e3b064 and"
    " f354272; 0 false alarms each",
    "crack_sample35.csv": "120 crack / 60 look-alikes, written after 0855541 by a helper asked"
    " for Kylin, UOS and NeoKylin/openEuler package and app-store lists of a provincial"
    " government and a county hospital (loongarch64, arm64, x86_64); first measured 18/120 at"
    " f04e77d, 21/120 at a5b3ed5, 25/120 at 4c6294c (before round twenty-nine) and 50/120 at"
    " 0855541; false alarms 3, 1, 0, 0",
    "crack_sample36.csv": "120 crack / 60 look-alikes, written after 6baf6ba by a helper asked"
    " for crack tools and cracked builds as public registries and GitHub name them (Scoop"
    " manifests, repository names, release tags, repack-site names); first measured 97/120"
    " at 1f35bce and at 6baf6ba (after round thirty-four); false alarms 4, 4",
    "crack_sample37.csv": "120 crack / 60 look-alikes, written after 6baf6ba by a helper asked"
    " for registry Uninstall lists of civil affairs, HR and social security, ecology,"
    " emergency management, statistics bureaus and a street office, the signal subtle in"
    " most names; first measured 110/120 at 1f35bce and 111/120 at 464724d (after round"
    " thirty-four); false alarms 1, 1",
    "crack_sample38.csv": "120 crack / 60 look-alikes, written after 4f39b4f by a helper asked"
    " for dpkg/rpm and app-store lists of Kylin, UOS, NFS China, openKylin and deepin desktops;"
    " first measured 82/120 at 1f35bce and 85/120 at 4f39b4f (after round thirty-five);"
    " false alarms 1, 1",
    "crack_sample39.csv": "120 crack / 60 look-alikes, written after 4f39b4f by a helper asked"
    " for the names cracked tools and modified clients circulate under among Chinese users"
    " (shortcuts, community buckets, GitHub tools, author handles); first measured 114/120 at"
    " 1f35bce and 116/120 at 4f39b4f (after round thirty-five); false alarms 3, 4",
    "crack_sample40.csv": "120 crack / 60 look-alikes, written after 34db29e by a helper asked"
    " for the names crack tools and cracked builds bear in Chinese community Scoop buckets"
    " (manifest stems, shortcut names, shortcut plus description words; 95 name no crack"
    " word); first measured 115/120 at 1f35bce, 118/120 at 79361d4 and at 1c02d3f;"
    " false alarms 2, 2, 2",
    "crack_sample41.csv": "120 crack / 60 look-alikes, written after 34db29e by a helper asked"
    " for the Uninstall lists of hospitals, schools, courts, tax, surveying and design"
    " institutes (SPSS, MATLAB, ArcGIS, CASS, 天正, PKPM, 广联达: dongle emulators, licence"
    " hacks, repack marks; 84 name no crack word); first measured 117/120 at 1f35bce, at"
    " 79361d4 and at 34db29e; false alarms 0, 0, 0",
    "crack_sample42.csv": "120 crack / 60 look-alikes, written after a7adbc9 by a helper asked"
    " for cracked domestic paid programs and memberships (亿图, 万兴, 福昕, WPS 会员, 迅捷, 傲软,"
    " 百度网盘 SVIP, CAJViewer; 76 name no crack word); first measured 98/120 at 1f35bce,"
    " 103/120 at 79361d4 and at a7adbc9; false alarms 0, 0, 0",
    "crack_sample43.csv": "120 crack / 60 look-alikes, written after a7adbc9 by a helper asked"
    " for cracked developer and admin tools on IT and outsourced developers' machines"
    " (SecureCRT, MobaXterm, Navicat, JetBrains, Beyond Compare, Burp, IDA; 101 name no crack"
    " word); first measured 110/120 at 1f35bce, 111/120 at 79361d4 and at 6654003;"
    " false alarms 2, 1, 1",
    "crack_sample44.csv": "120 crack / 60 look-alikes, written after ef3305e by a helper asked"
    " for the old desktops of township, street and village offices set up by computer shops"
    " (Ghost images, loaders, OEM BIOS emulation, repacked Office and CAD; 108 name no crack"
    " word); first measured 118/120 at 1f35bce, 119/120 at 79361d4 and at ef3305e;"
    " false alarms 0, 0, 0",
    "crack_sample45.csv": "120 crack / 60 look-alikes, written after ef3305e by a helper asked"
    " for pirated macOS apps as osquery's apps table and Homebrew casks name them (TNT,"
    " MacKed, xclient.info, macwk, Adobe Zii; 106 name no crack word); first measured 118/120"
    " at 1f35bce, at 79361d4 and at ef3305e; false alarms 2, 1, 1",
    "crack_sample46.csv": "120 crack / 60 look-alikes, written after 56690ff by a helper asked"
    " for teachers' and school-office PCs (希沃, 101教育PPT, 极域 and its bypass tools, micro-"
    "lecture, exam and courseware tools, 学科网 downloaders; 102 name no crack word); first"
    " measured 103/120 at 1f35bce and 106/120 at 56690ff; false alarms 0, 0",
    "crack_sample47.csv": "120 crack / 60 look-alikes, written after 56690ff by a helper asked"
    " for Russian and European repacks on Chinese office PCs (repacker handles, portable"
    " builders, tracker tags, Лекарство, scene groups; 106 name no crack word); first measured"
    " 102/120 at 1f35bce and 103/120 at 56690ff; false alarms 1, 1",
    "crack_sample48.csv": "120 crack / 60 look-alikes, written after 56690ff by a helper asked"
    " for cracked Office, CAD, Photoshop, video and browser add-ins and plug-ins (方方格子,"
    " Kutools, iSlide, Portraiture, Red Giant, Boris FX; 102 name no crack word); first"
    " measured 110/120 at 1f35bce and at 56690ff; false alarms 0, 0",
    "crack_sample49.csv": "120 crack / 60 look-alikes, written after 56690ff by a helper asked"
    " for 汉化 builds and Chinese repack-site builds (localisers' handles, sites as publisher,"
    " 美化/缩水/单文件 editions; 106 name no crack word); first measured 104/120 at 1f35bce"
    " and 105/120 at 56690ff; false alarms 0, 0",
    "crack_sample50.csv": "120 crack / 60 look-alikes, written after 56690ff by a helper asked"
    " for games and entertainment on office PCs (game repack groups, 学习版/免Steam, DLC"
    " unlockers, Steam emulators, VIP-unlocked players; 102 name no crack word); first"
    " measured 81/120 at 1f35bce and 83/120 at 56690ff; false alarms 0, 0",
    "crack_sample51.csv": "120 crack / 60 look-alikes, written after 56690ff by a helper asked"
    " for a city government's servers (Windows and SQL Server activation leftovers, vSphere"
    " and RDS grace resets, FlexLM/RLM emulators, cracked backup, monitoring and middleware;"
    " 101 name no crack word); first measured 108/120 at 1f35bce and at 56690ff;"
    " false alarms 0, 0",
    "crack_sample52.csv": "120 crack / 60 look-alikes, written after 64b4e7c by a helper asked"
    " for traditional-Chinese, Taiwan and Hong Kong builds and Japanese and Korean warez naming"
    " (繁體 wording, 序號/註冊, forum and site names, 日本語版 repacks, 한글패치; 108 name no"
    " crack word even counting traditional, Korean and Japanese ones); first measured 79/120"
    " at 1f35bce and 84/120 at 64b4e7c; false alarms 0, 0",
    "crack_sample53.csv": "120 crack / 60 look-alikes, written after 64b4e7c by a helper asked"
    " for electronics, embedded, laboratory and simulation software (Altium, Cadence, Keil,"
    " LabVIEW, COMSOL, ANSYS, Origin, Mathematica, Quartus, SolidWorks: licence files and"
    " servers, patched DLLs, engineering scene groups; 100 name no crack word); first measured"
    " 100/120 at 1f35bce and 101/120 at 64b4e7c; false alarms 0, 0",
    "crack_sample54.csv": "120 crack / 60 look-alikes, written after 64b4e7c by a helper asked"
    " for remote access, PDF, OCR, translation and screen-capture tools (TeamViewer, AnyDesk,"
    " 向日葵, ABBYY, Acrobat, 福昕, Snagit, Bandicam: trial resetters, commercial-use bypasses,"
    " VIP-unlocked clients; 105 name no crack word); first measured 104/120 at 1f35bce and"
    " 109/120 at 64b4e7c; false alarms 1, 1 (迅捷PDF转换器 with its own site as publisher)",
    "crack_sample55.csv": "120 crack / 60 look-alikes, written after 64b4e7c by a helper asked"
    " for accounting, ERP, invoicing, inventory and payroll software (用友, 金蝶, 管家婆, 速达,"
    " 思迅, 美萍: dongle emulators, unlocked 单机版, shop repacks; 102 name no crack word);"
    " first measured 89/120 at 1f35bce and 91/120 at 64b4e7c; false alarms 0, 0",
    "crack_sample56.csv": "120 crack / 60 look-alikes, written after 64b4e7c by a helper asked"
    " for PC utilities and system maintenance (cleaners, uninstallers, driver updaters, disk,"
    " backup and recovery tools, antivirus trial resets, VPN premium; 106 name no crack word);"
    " first measured 107/120 at 1f35bce and 112/120 at 64b4e7c; false alarms 0, 0",
    "crack_sample57.csv": "120 crack / 60 look-alikes, written after 64b4e7c by a helper asked"
    " for mobile-device tools and Android-emulator app lists (emulators with modded APKs, iOS"
    " managers, phone recovery and transfer tools, package names of modded apps; 104 name no"
    " crack word); first measured 80/120 at 1f35bce and 87/120 at 64b4e7c; false alarms 0, 1"
    " (the genuine SD Maid Pro unlocker key app)",
    "crack_sample58.csv": "120 crack / 60 look-alikes, written after a8249fd by a helper asked"
    " for Windows and Office editions, OS images and activation state (Ghost and slimmed images,"
    " LTSC/IoT editions, edition-upgrade tools, unofficial Office installers, leftover activation"
    " services and tasks; 100 name no obvious crack word); first measured 99/120 at 1f35bce and"
    " 102/120 at a8249fd; false alarms 1, 1",
    "crack_sample59.csv": "120 crack / 60 look-alikes, written after a8249fd by a helper asked"
    " for fonts, font managers, audio plug-ins, sample libraries, DAWs and notation software"
    " (110 name no obvious crack word); first measured 74/120 at 1f35bce and 80/120 at a8249fd;"
    " false alarms 4, 5",
    "crack_sample60.csv": "120 crack / 60 look-alikes, written after a8249fd by a helper asked"
    " for browsers, extensions, download managers, video downloaders, players and converters"
    " (105 name no obvious crack word); first measured 92/120 at 1f35bce and 99/120 at a8249fd;"
    " false alarms 0, 0",
    "crack_sample61.csv": "120 crack / 60 look-alikes, written after a8249fd by a helper asked"
    " for hardware-vendor utilities (printers, scanners, label printers, card readers, NAS and"
    " RAID, GPU tools, firmware flashers, driver packs; 102 name no obvious crack word); first"
    " measured 104/120 at 1f35bce and 109/120 at a8249fd; false alarms 1, 1",
    "crack_sample62.csv": "120 crack / 60 look-alikes, written after a8249fd by a helper asked"
    " for domestic CAD, BIM, costing and structural software and plug-ins (中望, 浩辰, 天正,"
    " 广联达, 品茗, PKPM, YJK, 理正, CASS; 98 name no obvious crack word); first measured"
    " 102/120 at 1f35bce and 104/120 at a8249fd; false alarms 1, 1",
    "crack_sample63.csv": "120 crack / 60 look-alikes, written after a8249fd by a helper asked"
    " for e-learning, classroom, exam, typing, courseware and dictionary software (极域, 希沃,"
    " 有道, 欧路, 金山打字通; 109 name no obvious crack word); first measured 100/120 at 1f35bce"
    " and 107/120 at a8249fd; false alarms 2, 2",
    "crack_sample64.csv": "120 crack / 60 look-alikes, written after 8692630 by a helper asked"
    " for video editing, VFX, motion graphics and 3D rendering (plug-ins, templates, V-Ray,"
    " Lumion, D5, C4D, 会声会影; 105 name no obvious crack word); first measured 99/120 at"
    " 1f35bce, 103/120 at a8249fd and 108/120 at 8692630; false alarms 1, 1, 1",
    "crack_sample65.csv": "120 crack / 60 look-alikes, written after 8692630 by a helper asked"
    " for medical, research and statistics software (PACS and DICOM viewers, SPSS, SAS, Stata,"
    " Prism, EndNote, NVivo; 109 name no obvious crack word); first measured 100/120 at 1f35bce,"
    " 107/120 at a8249fd and 108/120 at 8692630; false alarms 2, 2, 2",
    "crack_sample66.csv": "120 crack / 60 look-alikes, written after 8692630 by a helper asked"
    " for Chinese government business software (电子签章, OFD, 公文/OA, 财政/税务 UKey clients,"
    " CA drivers, 档案; 103 name no obvious crack word); first measured 106/120 at 1f35bce,"
    " 109/120 at a8249fd and 109/120 at 8692630; false alarms 1, 1, 1",
    "crack_sample67.csv": "120 crack / 60 look-alikes, written after 8692630 by a helper asked"
    " for Linux and macOS package lists (Flatpak, Snap, Homebrew casks, AppImage, deepin-wine,"
    " Spark store, CrossOver, third-party repos; 97 name no obvious crack word); first measured"
    " 110/120 at 1f35bce, 111/120 at a8249fd and 112/120 at 8692630; false alarms 5, 3, 3",
    "crack_sample68.csv": "120 crack / 60 look-alikes, written after 8692630 by a helper asked"
    " for security, VPN, antivirus, endpoint and backup tools (107 name no obvious crack word);"
    " first measured 102/120 at 1f35bce, 105/120 at a8249fd and 106/120 at 8692630; false"
    " alarms 3, 2, 2",
    "crack_sample69.csv": "120 crack / 60 look-alikes, written after 8692630 by a helper asked"
    " for the office productivity software most common on office PCs (Office, WPS, Visio,"
    " MindManager, XMind, 亿图, PDF, OCR, note apps; 105 name no obvious crack word); first"
    " measured 103/120 at 1f35bce, 107/120 at a8249fd and 109/120 at 8692630; false alarms 0,"
    " 0, 0",
    "crack_sample70.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "GIS, surveying and mapping software (ArcGIS, SuperMap, 南方CASS, MapGIS, Global Mapper, ENVI, "
    "Pix4D, ContextCapture); 102 name no obvious crack word; first measured 110/120 at 1f35bce "
    "and 114/120 at f24aa83; false alarms 0, 0",
    "crack_sample71.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "server, database, virtualisation and middleware software (SQL Server, Oracle, Windows "
    "Server, VMware, Navicat, PL/SQL Developer, 达梦, 人大金仓); 99 name no obvious crack word; first "
    "measured 112/120 at 1f35bce and 113/120 at f24aa83; false alarms 0, 0",
    "crack_sample72.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "translation, CAT, OCR and dictionary software (Trados, memoQ, ABBYY FineReader, 汉王OCR, 欧路词典, "
    "灵格斯); 101 name no obvious crack word; first measured 98/120 at 1f35bce and 107/120 at "
    "f24aa83; false alarms 0, 0",
    "crack_sample73.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "printing, prepress, typesetting, label and barcode software (方正飞腾, 方正书版, InDesign, "
    "CorelDRAW, BarTender, PitStop, RIPs); 100 name no obvious crack word; first measured 105/120 "
    "at 1f35bce and 109/120 at f24aa83; false alarms 0, 0",
    "crack_sample74.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "CAM, CNC, 3D printing, mechanical and electronics design software (Mastercam, PowerMill, NX, "
    "Creo, Altium, Proteus, Keil, 精雕, 文泰); 99 name no obvious crack word; first measured 108/120 "
    "at 1f35bce and 111/120 at f24aa83; false alarms 1, 1",
    "crack_sample75.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "HR, payroll, accounting, ERP and tax software (用友, 金蝶, 管家婆, 速达, 个税, 考勤, QuickBooks); 106 "
    "name no obvious crack word; first measured 85/120 at 1f35bce and 93/120 at f24aa83; false "
    "alarms 0, 0",
    "crack_sample76.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "games, game launchers and entertainment software on office PCs (Steam, WeGame, repacks, "
    "emulators, trainers, 棋牌); 102 name no obvious crack word; first measured 61/120 at 1f35bce "
    "and 90/120 at f24aa83; false alarms 2, 2",
    "crack_sample77.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "hospital, clinic and health software (HIS, PACS and DICOM viewers, 医保, LIS, ECG review, "
    "UpToDate, 用药助手); 102 name no obvious crack word; first measured 105/120 at 1f35bce and "
    "111/120 at f24aa83; false alarms 0, 0",
    "crack_sample78.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "network and IT administration tools (SecureCRT, Xmanager, MobaXterm, Royal TS, SolarWinds, "
    "PRTG, packet capture, remote support); 102 name no obvious crack word; first measured 95/120 "
    "at 1f35bce, 105/120 at f24aa83 and 109/120 at 1e2008f (round forty-five); false alarms 0, 0, "
    "0",
    "crack_sample79.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "developer IDEs, editors and programming tools (JetBrains, Visual Studio, Beyond Compare, "
    "UltraEdit, Postman, decompilers, profilers); 98 name no obvious crack word; first measured "
    "108/120 at 1f35bce, 110/120 at f24aa83 and 110/120 at 1e2008f (round forty-five); false "
    "alarms 0, 0, 0",
    "crack_sample80.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "photo editing and graphics tools (Photoshop plug-ins, Lightroom presets, Topaz, Luminar, "
    "ACDSee, Capture One, 美图秀秀, 光影魔术手); 101 name no obvious crack word; first measured 99/120 at "
    "1f35bce, 105/120 at f24aa83 and 106/120 at 1e2008f (round forty-five); false alarms 0, 0, 0",
    "crack_sample81.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "communication, meeting, email and fax software (Foxmail, Outlook add-ins, eM Client, Zoom, "
    "腾讯会议, 钉钉, PST tools, softphones); 109 name no obvious crack word; first measured 95/120 at "
    "1f35bce, 105/120 at f24aa83 and 105/120 at 1e2008f (round forty-five); false alarms 0, 0, 0",
    "crack_sample82.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "file, disk, sync and cloud-drive tools (WinRAR, Total Commander, Directory Opus, Everything, "
    "GoodSync, 百度网盘, recovery); 100 name no obvious crack word; first measured 103/120 at "
    "1f35bce, 112/120 at f24aa83 and 112/120 at 1e2008f (round forty-five); false alarms 0, 0, 0",
    "crack_sample83.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "system deployment, imaging and boot tools (Ghost, Acronis, Macrium, WinPE builders, 大白菜, "
    "微PE, USB boot makers, PXE); 103 name no obvious crack word; first measured 100/120 at "
    "1f35bce, 104/120 at f24aa83 and 106/120 at 1e2008f (round forty-five); false alarms 0, 0, 0",
    "crack_sample84.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "new-media and content-creation tools (剪映, 稿定设计, 秀米, 135编辑器, OBS plug-ins, TTS and 配音, 字幕 "
    "tools); 111 name no obvious crack word; first measured 95/120 at 1f35bce, 102/120 at f24aa83 "
    "and 106/120 at 1e2008f (round forty-five); false alarms 0, 0, 0",
    "crack_sample85.csv": "120 crack / 60 look-alikes, written after f24aa83 by a helper asked for "
    "project management and construction-site office software (Project, Primavera P6, 斑马进度, 翰文, "
    "恒智天成, 筑业, 品茗); 103 name no obvious crack word; first measured 104/120 at 1f35bce, 108/120 at "
    "f24aa83 and 111/120 at 1e2008f (round forty-five); false alarms 0, 0, 0",
    "crack_sample86.csv": "120 crack / 60 look-alikes, written after 1c948c3 by a helper asked for "
    "school administration, timetabling, exam and marking software (排课, 教务, 成绩, 阅卷, 考试系统, 题库); "
    "101 name no obvious crack word; first measured 102/120 at 1f35bce, 109/120 at f24aa83, "
    "111/120 at 1e2008f and 111/120 at 1c948c3 (round forty-six); false alarms 0, 0, 0, 0",
    "crack_sample87.csv": "120 crack / 60 look-alikes, written after 1c948c3 by a helper asked for "
    "legal, archives and records-management software (北大法宝, 威科先行, 档案管理, 扫描归档, redaction); 99 name "
    "no obvious crack word; first measured 108/120 at 1f35bce, 111/120 at f24aa83, 112/120 at "
    "1e2008f and 114/120 at 1c948c3 (round forty-six); false alarms 1, 1, 0, 0",
    "crack_sample88.csv": "120 crack / 60 look-alikes, written after 1c948c3 by a helper asked for "
    "vehicle diagnostics, fleet and automotive repair software (Autodata, Xentry, ISTA, ODIS, "
    "Techstream, 元征, 道通, ECU tuning); 105 name no obvious crack word; first measured 43/120 at "
    "1f35bce, 46/120 at f24aa83, 48/120 at 1e2008f and 48/120 at 1c948c3 (round forty-six); false "
    "alarms 0, 0, 0, 0",
    "crack_sample89.csv": "120 crack / 60 look-alikes, written after 1c948c3 by a helper asked for "
    "input methods, keyboard tools, clipboard managers, text expanders and automation (输入法, "
    "AutoHotkey, 按键精灵, Quicker, Ditto); 103 name no obvious crack word; first measured 96/120 at "
    "1f35bce, 106/120 at f24aa83, 107/120 at 1e2008f and 107/120 at 1c948c3 (round forty-six); "
    "false alarms 0, 0, 0, 0",
    "crack_sample90.csv": "120 crack / 60 look-alikes, written after 1c948c3 by a helper asked for "
    "data analysis, reporting and BI software (Tableau, Power BI, 帆软 FineReport, SPSS Modeler, "
    "Excel add-ins, Crystal Reports); 98 name no obvious crack word; first measured 102/120 at "
    "1f35bce, 108/120 at f24aa83, 112/120 at 1e2008f and 112/120 at 1c948c3 (round forty-six); "
    "false alarms 2, 2, 2, 2",
    "crack_sample91.csv": "120 crack / 60 look-alikes, written after 1c948c3 by a helper asked for "
    "video surveillance, access control and camera client software (海康 iVMS, 大华 SmartPSS, NVR "
    "tools, Milestone, Blue Iris); 101 name no obvious crack word; first measured 98/120 at "
    "1f35bce, 106/120 at f24aa83, 107/120 at 1e2008f and 107/120 at 1c948c3 (round forty-six); "
    "false alarms 1, 1, 1, 1",
    "crack_sample92.csv": "120 crack / 60 look-alikes, written after 1c948c3 by a helper asked for "
    "UML, modelling, architecture and requirements tools (Enterprise Architect, StarUML, Visual "
    "Paradigm, PowerDesigner, Axure, 墨刀); 103 name no obvious crack word; first measured 104/120 "
    "at 1f35bce, 108/120 at f24aa83, 109/120 at 1e2008f and 112/120 at 1c948c3 (round forty-six); "
    "false alarms 0, 0, 1, 1",
    "crack_sample93.csv": "120 crack / 60 look-alikes, written after 1c948c3 by a helper asked for "
    "virtual machines, emulators, compatibility layers and virtual desktops (VMware, Parallels, "
    "CrossOver, Citrix, 云桌面, DOSBox); 105 name no obvious crack word; first measured 94/120 at "
    "1f35bce, 105/120 at f24aa83, 107/120 at 1e2008f and 108/120 at 1c948c3 (round forty-six); "
    "false alarms 0, 0, 0, 0",
    "crack_sample94.csv": "120 crack / 60 look-alikes, written after 6600d11 by a helper asked for "
    "consumer utilities staff install (screen recorders, PDF, video and audio converters, "
    "optimisers, 小工具合集); 107 name no obvious crack word; first measured 103/120 at 1f35bce, "
    "112/120 at f24aa83, 114/120 at 1c948c3 and 114/120 at 6600d11 (round forty-seven); false "
    "alarms 0, 0, 0, 0",
    "crack_sample95.csv": "120 crack / 60 look-alikes, written after 6600d11 by a helper asked for "
    "statistics, econometrics and mathematics software (SPSS, Stata, EViews, SAS, MATLAB, "
    "Mathematica, Maple, Minitab); 101 name no obvious crack word; first measured 99/120 at "
    "1f35bce, 104/120 at f24aa83, 111/120 at 1c948c3 and 112/120 at 6600d11 (round forty-seven); "
    "false alarms 0, 0, 0, 0",
    "crack_sample96.csv": "120 crack / 60 look-alikes, written after 6600d11 by a helper asked for "
    "domestic OS package lists and app stores (UOS, Kylin, deepin, openEuler, deepin-wine, 星火商店); "
    "107 name no obvious crack word; first measured 113/120 at 1f35bce, 114/120 at f24aa83, "
    "116/120 at 1c948c3 and 116/120 at 6600d11 (round forty-seven); false alarms 4, 3, 3, 3",
    "crack_sample97.csv": "120 crack / 60 look-alikes, written after 6600d11 by a helper asked for "
    "Windows customisation tools (StartAllBack, Start11, WindowBlinds, Fences, ExplorerPatcher, "
    "美化包); 101 name no obvious crack word; first measured 98/120 at 1f35bce, 111/120 at f24aa83, "
    "112/120 at 1c948c3 and 112/120 at 6600d11 (round forty-seven); false alarms 2, 2, 2, 2",
    "crack_sample98.csv": "120 crack / 60 look-alikes, written after 6600d11 by a helper asked for "
    "antivirus, firewall, encryption and DLP software of government offices (360 企业版, 奇安信天擎, 亿赛通, "
    "天锐绿盾, VeraCrypt); 101 name no obvious crack word; first measured 101/120 at 1f35bce, 108/120 "
    "at f24aa83, 113/120 at 1c948c3 and 113/120 at 6600d11 (round forty-seven); false alarms 0, "
    "0, 0, 0",
    "crack_sample99.csv": "120 crack / 60 look-alikes, written after 6600d11 by a helper asked for "
    "CAD viewers and converters, 3D model viewers and PDF-to-CAD tools (DWG TrueView, CAD快速看图, "
    "ABViewer, eDrawings); 105 name no obvious crack word; first measured 90/120 at 1f35bce, "
    "100/120 at f24aa83, 103/120 at 1c948c3 and 103/120 at 6600d11 (round forty-seven); false "
    "alarms 0, 0, 0, 0",
    "crack_sample100.csv": "120 crack / 60 look-alikes, written after 6600d11 by a helper asked "
    "for Microsoft and Adobe add-ons and installers (Office add-ins and templates, Adobe "
    "plug-ins, Creative Cloud parts, Office Tool Plus); 106 name no obvious crack word; first "
    "measured 108/120 at 1f35bce, 115/120 at f24aa83, 116/120 at 1c948c3 and 116/120 at 6600d11 "
    "(round forty-seven); false alarms 0, 0, 0, 0",
    "crack_sample101.csv": "120 crack / 60 look-alikes, written after 6600d11 by a helper asked "
    "for music, karaoke, streaming and video clients (网易云音乐, QQ音乐, 酷狗, KTV 点歌, Spotify, 爱奇艺, "
    "腾讯视频); 107 name no obvious crack word; first measured 91/120 at 1f35bce, 102/120 at f24aa83, "
    "102/120 at 1c948c3 and 102/120 at 6600d11 (round forty-seven); false alarms 0, 0, 0, 0",
    "crack_sample102.csv": "120 crack / 60 look-alikes, written after 7d88631 by a helper asked "
    "for print, scan and document-management software (打印管理, PaperCut, Equitrac, scanning suites, "
    "文档管理); 104 name no obvious crack word; first measured 104/120 at 1f35bce, 110/120 at f24aa83 "
    "and 112/120 at 7d88631 (round forty-eight); false alarms 0, 0, 0",
    "crack_sample103.csv": "120 crack / 60 look-alikes, written after 7d88631 by a helper asked "
    "for penetration-testing and security-research tools (Burp Suite Pro, Cobalt Strike, AWVS, "
    "Nessus, IDA Pro, AppScan); 105 name no obvious crack word; first measured 91/120 at 1f35bce, "
    "99/120 at f24aa83 and 105/120 at 7d88631 (round forty-eight); false alarms 0, 0, 0",
    "crack_sample104.csv": "120 crack / 60 look-alikes, written after 7d88631 by a helper asked "
    "for broadcast, 导播 and studio production software (vMix, Wirecast, TriCaster, 大洋, EDIUS, "
    "字幕机); 109 name no obvious crack word; first measured 92/120 at 1f35bce, 107/120 at f24aa83 "
    "and 109/120 at 7d88631 (round forty-eight); false alarms 0, 0, 0",
    "crack_sample105.csv": "120 crack / 60 look-alikes, written after 7d88631 by a helper asked "
    "for teaching and lab science software (ChemDraw, 几何画板, NOBOOK 虚拟实验, GeoGebra, physics "
    "simulation); 105 name no obvious crack word; first measured 99/120 at 1f35bce, 110/120 at "
    "f24aa83 and 115/120 at 7d88631 (round forty-eight); false alarms 1, 1, 1",
    "crack_sample106.csv": "120 crack / 60 look-alikes, written after 7d88631 by a helper asked "
    "for interior, furniture and kitchen design software (酷家乐, 三维家, 圆方, 2020 Design, SketchUp "
    "plug-ins); 102 name no obvious crack word; first measured 114/120 at 1f35bce, 118/120 at "
    "f24aa83 and 120/120 at 7d88631 (round forty-eight); false alarms 0, 0, 0",
    "crack_sample107.csv": "120 crack / 60 look-alikes, written after 7d88631 by a helper asked "
    "for phone and tablet management and screen mirroring (MDM, iMazing, 爱思助手, ApowerMirror, "
    "AirServer, 刷机 tools); 104 name no obvious crack word; first measured 97/120 at 1f35bce, "
    "102/120 at f24aa83 and 105/120 at 7d88631 (round forty-eight); false alarms 0, 0, 0",
    "crack_sample108.csv": "120 crack / 60 look-alikes, written after 7d88631 by a helper asked "
    "for CRM, customer-service, call-center and marketing software (Salesforce, 销售易, 纷享销客, "
    "Zendesk, 群发 tools); 105 name no obvious crack word; first measured 91/120 at 1f35bce, "
    "103/120 at f24aa83 and 111/120 at 7d88631 (round forty-eight); false alarms 0, 0, 0",
    "crack_sample109.csv": "120 crack / 60 look-alikes, written after 7d88631 by a helper asked "
    "for password managers, note-taking and knowledge-base tools (1Password, Bitwarden, Evernote, "
    "Notion, Obsidian plug-ins); 101 name no obvious crack word; first measured 98/120 at "
    "1f35bce, 105/120 at f24aa83 and 106/120 at 7d88631 (round forty-eight); false alarms 0, 0, 0",
}


# The crack and activation packages of the Chinese Scoop buckets (kkzzhizhou/scoop-apps,
# xrgzs/sdoog, ivaquero/scoopet, hoilc/scoop-lemon; snapshots of 2026-08-22): each package's
# manifest name and shortcut names, 57 distinct names of 40 packages (8 are dev-set rows).
# Read in full before round thirty-four, so it is seen.
REGISTRY_CRACKS = (
    "registry_cracks.csv",
    "57 names of 40 crack packages in four Chinese Scoop buckets; 39/57 names at 1f35bce,"
    " before round thirty-four, which they taught; 50/57 after it (the 7 left say nothing of"
    " a crack: 酷我音乐, IDA Pro 64, IAS); 49/57 once round thirty-five dropped the bare name"
    " lsix, which a free image lister in Scoop Main bears",
)


def crack_sample(classifier: Classifier, verbose: bool) -> None:
    """Crack recall and false alarms on each fresh crack sample (see CRACK_SAMPLES)."""
    for name, history in [*CRACK_SAMPLES.items(), REGISTRY_CRACKS]:
        path = DATA / name
        if path.exists():
            print(f"{name} ({history}):")
            crack_sample_file(classifier, path, verbose)


def crack_sample_file(classifier: Classifier, path: Path, verbose: bool) -> None:
    """Recall on one sample's crack names and false alarms on its look-alikes."""
    rows = read_rows(path)
    got = [classifier.classify(r["display_name"], r["publisher"] or None) for r in rows]
    crack = [c for r, c in zip(rows, got, strict=True) if r["license_class"] == "crack_tool"]
    hit = sum(c.license_class is LicenseClass.crack_tool for c in crack)
    legit = [c for r, c in zip(rows, got, strict=True) if r["license_class"] != "crack_tool"]
    false = [c.display_name for c in legit if c.license_class is LicenseClass.crack_tool]
    print(f"  crack sample recall: {hit / len(crack):.1%} ({hit}/{len(crack)})")
    print(f"  crack sample false alarms on {len(legit)} look-alikes: {len(false)} {false}")
    if verbose:
        for c in crack:
            if c.license_class is not LicenseClass.crack_tool:
                print(f"  crack sample miss: {c.display_name!r} got={c.license_class.value}")


LEGIT = [
    "Microsoft Office 专业增强版 2021",
    "Adobe Photoshop 2024",
    "AutoCAD 2025 - 简体中文",
    "Navicat Premium 17",
    "Windows 11 专业版",
    "Patch My PC Home Updater",
    "Office 16, Office16ProPlusVL_KMS_Client edition",
    "Microsoft Update Health Tools",
    "GoldWave",
    "Ghostscript 10.02",
    "KMPlayer",
]


def baseline_throughput(catalog_size: int, count: int = 10_000) -> None:
    """The naive baseline's speed: rapidfuzz extractOne over every catalog name, for every row."""
    catalog = load_catalog()
    names = [p.name for p in catalog.products]
    rows = synthetic_rows(count)
    start = time.perf_counter()
    for name, _publisher, _version in rows:
        process.extractOne(name, names)
    elapsed = time.perf_counter() - start
    print(
        f"baseline rapidfuzz extractOne throughput {count:>9,} rows: {count / elapsed:,.0f} rows/s "
        f"({elapsed:.2f} s, no cache; 1,000,000 rows would take about {elapsed * 1_000_000 / count:,.0f} s)"
    )


def crack_generalization(classifier: Classifier) -> None:
    """Recall on generated crack names the catalog never lists, and false alarms on legit ones."""
    names = [t.format(p=p) for t in CRACK_TEMPLATES for p in CRACK_PRODUCTS]
    hit = sum(classifier.classify(n).license_class is LicenseClass.crack_tool for n in names)
    print(f"crack_tool recall on {len(names)} generated unseen names: {hit / len(names):.1%}")
    false = [n for n in LEGIT if classifier.classify(n).license_class is LicenseClass.crack_tool]
    print(f"false crack_tool alarms on {len(LEGIT)} legitimate look-alikes: {len(false)} {false}")


def main() -> None:
    """Accuracy with and without the known-packages table, then throughput."""
    verbose = "-v" in sys.argv
    start = time.perf_counter()
    catalog = load_catalog()
    print(f"catalog load: {len(catalog.products)} products in {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    known = read_known()
    print(f"known-packages load: {len(known):,} packages in {time.perf_counter() - start:.2f} s")
    classifier = Classifier(catalog, known=known)
    path = dev_set_path()
    if path.exists():
        accuracy(path, classifier, verbose)
        names = [r["display_name"] for r in read_rows(path)]
        blind = Classifier(catalog, known=known.without(names))
        accuracy(path, blind, verbose, "dev, its names removed from the known-packages table")
        accuracy(path, Classifier(catalog), verbose, "dev, catalog only (no known packages)")
    else:
        print(f"dev set not found at {path}; skipping accuracy (set ZHENGBAN_EVAL_DIR)")
    held_out(classifier, verbose)
    names = [r["display_name"] for r in read_rows(HELD_OUT)]
    held_out(Classifier(catalog, known=known.without(names)), verbose, "held-out blind")
    held_out(Classifier(catalog), verbose, "held-out catalog only")
    office_sample(classifier, verbose)
    crack_sample(classifier, verbose)
    crack_generalization(classifier)
    throughput(len(catalog.products), known)
    baseline_throughput(len(catalog.products))


if __name__ == "__main__":
    main()
