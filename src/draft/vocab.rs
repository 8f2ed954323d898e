//! The words the drafter reads a figure by, in English and Italian: words for GPUs
//! and servers, fillers allowed between a number and its noun, words for "per" an
//! hour, a unit or a period, words for many, for durations and for other quantities.

pub(super) const GPU_NOUNS: &[&str] = &[
    "gpu",
    "gpus",
    "unità",
    "unita",
    "units",
    "chip",
    "chips",
    "schede",
    "cards",
    "accelerators",
    "acceleratori",
];
pub(super) const FILLERS: &[&str] = &[
    "nvidia",
    "amd",
    "intel",
    "new",
    "nuove",
    "nuovi",
    "more",
    "additional",
    "ulteriori",
    "altre",
    "altri",
    "di",
    "of",
    "these",
    "those",
    "queste",
    "questi",
    "its",
    "their",
    "sue",
    "suoi",
    "loro",
    "graphics",
    "processing",
    "'",
    "’",
    "s",
    "-",
];
/// How many filler words may stand between a count and its GPUs.
pub(super) const MOST_FILLERS: usize = 4;
/// The most GPUs one server or rack holds (GB200 NVL72).
pub(super) const MOST_IN_A_SERVER: u32 = 72;
pub(super) const SERVERS: &[&str] = &[
    "server", "servers", "node", "nodes", "nodo", "rack", "board", "sistema", "system", "dgx",
    "hgx", "macchina", "machine", "box", "chassis", "pod",
];
pub(super) const EACH: &[&str] = &[
    "each", "every", "ogni", "ciascun", "ciascuno", "ciascuna", "per", "a", "in", "un", "one",
];
pub(super) const YEAR_WORDS: &[&str] = &[
    "in", "nel", "nell", "del", "dal", "al", "entro", "by", "since", "of", "from", "until", "fine",
    "end", "early", "late", "mid", "inizio", "anno", "year", "the", "il", "'",
];
pub(super) const HOURS: &[&str] = &["hour", "hours", "hr", "hrs", "h", "ora", "ore"];
pub(super) const PER_HOUR_FILLERS: &[&str] = &[
    "per", "a", "an", "each", "/", "-", "gpu", "gpus", "di", "'", "all", "l", "every", "ogni",
];
pub(super) const PER_UNIT_AFTER: &[&[&str]] = &[
    &["each"],
    &["apiece"],
    &["a", "piece"],
    &["l", "'", "una"],
    &["l", "'", "uno"],
    &["l", "’", "una"],
    &["ciascuna"],
    &["ciascuno"],
    &["cadauna"],
    &["cadauno"],
    &["ognuna"],
    &["ognuno"],
    &["al", "pezzo"],
    &["per", "pezzo"],
    &["a", "pezzo"],
];
/// Words after money that make it a year's or a month's.
pub(super) const PER_PERIOD: &[&[&str]] = &[
    &["a", "year"],
    &["per", "year"],
    &["each", "year"],
    &["every", "year"],
    &["annually"],
    &["yearly"],
    &["a", "month"],
    &["per", "month"],
    &["monthly"],
    &["all", "'", "anno"],
    &["l", "'", "anno"],
    &["all", "’", "anno"],
    &["l", "’", "anno"],
    &["annui"],
    &["ogni", "anno"],
    &["al", "mese"],
    &["ogni", "mese"],
];
/// Words after a GPU that make it many: `a GPU cluster`.
pub(super) const MANY: &[&str] = &[
    "cluster",
    "clusters",
    "system",
    "systems",
    "sistema",
    "supercomputer",
    "farm",
    "data",
    "center",
    "centre",
    "order",
    "ordine",
    "deal",
    "purchase",
    "acquisto",
    "fleet",
    "flotta",
    "contract",
    "investment",
    "investimento",
    "infrastructure",
    "infrastruttura",
];
/// Words before a GPU that make a price one GPU's: `per GPU`, `each H100 costs`.
pub(super) const ONE_OF: &[&str] = &[
    "per", "a", "an", "each", "every", "one", "single", "ogni", "ciascuna", "una", "un", "singola",
    "al",
];
pub(super) const UNIT_PRICE_WORDS: &[&[&str]] = &[
    &["unit", "price"],
    &["prezzo", "unitario"],
    &["costo", "unitario"],
    &["price", "per"],
    &["prezzo", "per"],
];
/// Units a figure may be in that make it no count of GPUs, with what they measure.
pub(super) const QUANTITIES: &[(&str, &str)] = &[
    ("gb", "a size"),
    ("tb", "a size"),
    ("pb", "a size"),
    ("gigabyte", "a size"),
    ("gigabytes", "a size"),
    ("terabyte", "a size"),
    ("terabytes", "a size"),
    ("w", "a power"),
    ("kw", "a power"),
    ("mw", "a power"),
    ("gw", "a power"),
    ("watt", "a power"),
    ("watts", "a power"),
    ("kilowatt", "a power"),
    ("kilowatts", "a power"),
    ("megawatt", "a power"),
    ("megawatts", "a power"),
    ("gigawatt", "a power"),
    ("gigawatts", "a power"),
    ("kwh", "an energy"),
    ("mwh", "an energy"),
    ("gwh", "an energy"),
    ("twh", "an energy"),
    ("square", "an area"),
    ("sq", "an area"),
    ("mq", "an area"),
    ("metri", "an area"),
    ("acres", "an area"),
    ("ettari", "an area"),
    ("tflops", "a speed"),
    ("pflops", "a speed"),
    ("exaflops", "a speed"),
    ("flops", "a speed"),
    ("flop", "an amount of compute"),
    ("km", "a distance"),
    ("miles", "a distance"),
];
