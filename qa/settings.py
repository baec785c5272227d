"""Every tunable number and default path, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

# The choices, each written once: retrieval modes and fusion methods.
Mode = Literal["hybrid", "bm25", "dense"]
MODES: tuple[Mode, ...] = get_args(Mode)
FusionMethod = Literal["weighted", "rrf"]
FUSION_METHODS: tuple[FusionMethod, ...] = get_args(FusionMethod)
ReaderName = Literal["rule", "learned", "combined"]
READERS: tuple[ReaderName, ...] = get_args(ReaderName)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"  # word lists shipped with the package


def cache_dir() -> Path:
    """Where built artefacts that do not belong in git live (the converted embedding model)."""
    env = os.environ.get("QA_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "fazhi-qa"


def eval_runs_dir() -> Path:
    """Where `qa eval` and the app's 评测 tab write a run: a folder git ignores (QA_EVAL_DIR moves it).

    Publishing a report into eval/ (the committed one everybody reads) is a deliberate `--publish`.
    """
    return Path(os.environ.get("QA_EVAL_DIR") or PROJECT_ROOT / "eval" / "runs")


def published_eval_dir(questions: Path) -> Path:
    """The committed report folder of a question set: eval/ for questions.jsonl, eval/<name>/ otherwise."""
    stem = Path(questions).stem
    return PROJECT_ROOT / "eval" if stem == "questions" else PROJECT_ROOT / "eval" / stem


def models_dir() -> Path:
    """The only place the app takes a local reader model from (QA_MODELS_DIR moves it): a user of a
    shared server picks a folder in it, never types a server path."""
    return Path(os.environ.get("QA_MODELS_DIR") or PROJECT_ROOT / "models")


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")

    # ingestion
    max_file_mb: float = 20.0  # larger files are skipped with a message
    max_pdf_pages: int = 500
    # A small file can unpack to a huge one (a 214 KB .docx held 50 MB of XML): limits on what a
    # file becomes, not only on its size on disk. Over either, the file is skipped with a message.
    max_unpacked_mb: float = 100.0  # total decompressed size of a .docx package's parts
    max_text_chars: int = 2_000_000  # characters extracted from one file (a 500-page PDF is ~750 000)
    extensions: tuple[str, ...] = (
        ".txt",
        ".md",
        ".html",
        ".htm",
        ".shtml",
        ".shtm",
        ".xhtml",
        ".jhtml",
        ".mht",
        ".mhtml",
        ".docx",
        ".doc",
        ".odt",
        ".wps",
        ".rtf",
        ".pdf",
        ".ofd",
        ".xlsx",
        ".xls",
    )
    max_name_bytes: int = 200  # an uploaded file's stored name, in UTF-8 bytes (file systems allow 255)

    # chunking
    chunk_chars: int = 400  # at most this much body per chunk, split at sentence ends

    # retrieval
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    fusion: FusionSettings = field(default_factory=lambda: FusionSettings())
    hnsw_threshold: int = 200_000  # exact FAISS search below this many chunks
    route_by_metadata: bool = True  # a question naming one region/year ranks that report first
    # A question quoting a name (“1211推进机制”) searches the passages holding it first, as a phrase search does
    # (round thirty: all sets' 582 quoting questions, hybrid Recall@1 0.911 → 0.935; blind heldout46–48).
    route_by_quotes: bool = True
    # A year no report of the place is about but one recounts (a plan's "2024年，全市…"): this many times the passages
    # are read, the one that says it ranking below the next year's report on the same matter (round fifty)
    recounted_year_reach: int = 2

    # questions
    max_question_chars: int = 1000  # longer questions are refused with a message

    # reader (the rule reader's weights and thresholds; the model reader's in ``model_reader``)
    reader: ReaderSettings = field(default_factory=lambda: ReaderSettings())
    spans: SpanSettings = field(default_factory=lambda: SpanSettings())
    model_reader: ModelReaderSettings = field(default_factory=lambda: ModelReaderSettings())
    list_per_report: int = 3  # passages fetched per report for list questions
    # a figure question naming no place is answered per report from sentences holding this weighted
    # share of the question's terms (below it, the figure answers something else)
    compare_figure_coverage: float = 0.6
    # A figure question measuring a thing no report writes, in a word general Chinese seldom uses (jieba's count at
    # most this: 当庭 31, 改判 43, 人民陪审员 4; everyday 官司 503, 了结 330): no report gives that figure.
    compare_absent_measure_freq: int = 50
    # A comparison whose topic is no term of art (everyday words) takes its reports from retrieval:
    # the top ``compare_gather_k`` passages, and each report whose best passage scores at least
    # ``compare_gather_ratio`` × the best one's (chosen on heldout3, scored on the blind heldout4)
    compare_gather_k: int = 50
    compare_gather_ratio: float = 0.68
    # A figure question naming no place is also read report by report with the reader, over each gathered report's
    # best passages, for reports whose sentences say the figure in other words than the question's (at most this
    # many reports; 0: off)
    compare_read_each: int = 8
    # ... also when no report says the figure in the question's words ("领导干部学法考试合格率是多少": 参考率、
    # 合格率均达100%): the reports the reader gives a figure for, two or more of them, answer per report (round 53;
    # False: the reader answers from the best passages of all reports)
    compare_read_unseeded: bool = True
    # A comparison asking only for a figure ("各地以税务部门为被申请人的复议案件分别有多少件") whose reports the reader,
    # read one by one, gives no figure for: no report says it, and their sentences on the topic are no answer
    compare_reader_veto: bool = True
    # A topic held by at least this share of the reports in scope picks none of them: the question's
    # specific words (列席, 组长) do, once ``compare_specific_holders`` reports hold one (round seven:
    # chosen on heldout2-12's comparative questions, scored on the blind heldout13).
    compare_broad_share: float = 0.9
    compare_specific_holders: int = 2
    # A four-character topic term of two words at least this rare (IDF over the corpus' passages) is also
    # found written apart in one sentence: 案卷评查 in "案卷至少开展1次评查", 宪法宣誓 in "宪法日宣誓";
    # not 三项制度 (制度 is in every report). Round eleven, read sets heldout–heldout14.
    compare_rare_part_idf: float = 2.5
    # A four-character topic term of two words is also found with up to this many characters of whole words put
    # between them: 重大决策 in "重大行政决策", 综合执法 in "综合行政执法", 案卷评查 in "案卷质量评查" (0: never).
    # Round twenty-nine, read sets heldout2–heldout43's comparative questions; scored on the blind heldout44.
    compare_term_gap: int = 2
    # A report's sentences beyond its best one: one that says none of the question's other words (列席 of
    # "法律顾问列席会议") is quoted only when it scores within this of the best; below it, it is the section's
    # other business. Round seventeen, judged sentence by sentence: on topic 0.580 → 0.611 on the read heldout7,
    # 0.556 → 0.606 on the blind heldout23 (scripts/topic_judging.py).
    compare_keep_gap: float = 1.0
    # Which of a report's sentences to quote: the learned model of qa/models/relevance/ (trained on 4,351 judged
    # candidates of the read sets' comparisons, scripts/train_relevance.py) instead of the keep-gap rule. Round
    # nineteen (boosted trees, three more signals, the rule's best given up when doubted), cross-validated by
    # leaving one report out: on topic 0.565 → 0.711 of quoted sentences (round eighteen's logistic model: 0.667).
    # Round twenty: the trees also read each passage's closeness to the question where the index has vectors
    # (blind heldout27's judged candidates 0.642 → 0.650); lexical trees read a collection without them.
    compare_relevance: bool = True
    # Round twenty-two: the first reports of a comparison are read again by a cross-encoder (qa/models/cross_encoder:
    # the question and each candidate in one window of a shallow fine-tuned encoder), its probability one more signal
    # of the cross trees. On topic, by-report CV 0.690 → 0.703; blind heldout30's judged candidates 0.774 → 0.781,
    # but 105 → 101 blocks all on topic, and the 对比 tab's default question lost 怀化's 244件 (its figure sentence
    # displaced): off until it keeps a report's figure sentence. `Settings(compare_cross_encoder=True)` turns it on.
    compare_cross_encoder: bool = False
    # Round twenty-seven: an item the model quotes without a figure also gets the report's figure sentence that names
    # the topic under a heading on it and was done ("截至目前,我县已办理行政复议案件36件"): issue 16 asks for what
    # each place did, figures with their units (comparison.done_figure_sentence).
    compare_done_figure: bool = True
    # Round twenty-eight: "各地行政应诉案件各有多少件": a figure in a sentence that names another practice and not the
    # topic ("办理行政复议案件两起" under "加强行政复议工作,提高行政应诉能力") counts that practice, not the topic's
    # (comparison.keep_figures). Measured on the read sets heldout26–41 (213 comparative figure questions): 10 answers
    # change, gold-report precision up on 6 and down on 1, recall down on 3 and up on 1. Off until a blind set and a
    # full republication confirm it (README "Round twenty-eight").
    compare_figure_own_topic: bool = False
    # Round thirty-two: a question's four-character specific word (人员培训) is also said with up to this many
    # characters between its halves ("行政执法人员集中培训"; comparison.says_word).
    compare_word_gap: int = 4

    # which reader `qa ask` and the app use unless told otherwise; the learned reader's own settings
    # in ``learned``
    reader_name: ReaderName = "rule"
    learned: LearnedReaderSettings = field(default_factory=lambda: LearnedReaderSettings())

    # embedding
    embed_device: str = "auto"  # "auto" (a CUDA GPU when torch sees one, else the CPU), "cpu" or "cuda"
    embed_batch_size: int | None = None  # passages per forward pass; None: by device (32 CPU, 256 GPU)
    embed_checkpoint_s: float = 30.0  # a build saves finished vectors this often: a kill loses at most this much
    embed_threads: int | None = None  # None: torch's default


@dataclass(frozen=True)
class ReaderSettings:
    """The rule reader (qa/reading): how sentences are scored and when it says "not found".

    Calibrated on eval/questions.jsonl; changing one changes answers (tests/test_refactor_answers.py)."""

    # The no-answer gate: share of the question's (corpus-known) terms the best sentence must hold,
    # and the confidence it must reach.
    min_coverage: float = 0.4
    # a work plan's task row answers "who leads / by when" when it holds the question's words within this much of
    # the best sentence's share (the plan's text says the task without its office)
    task_row_margin: float = 0.1
    # A table of kinds by years answers the kind and year asked in the reports of this many best hits
    # (reader._year_column): the question named the row, retrieval found the report
    year_column_hits: int = 3
    # A sentence whose share stands right after the rate the question asks for (败诉率为4.3%) answers with this
    # much of the question's other words (spans.rate_labelled).
    rate_min_coverage: float = 0.2
    # A change asked ("找政府复议的案子比前一年多了多少") in words the report does not share: a sentence stating a
    # change ("收到行政复议申请836件,同比增长41.7%") whose words before it hold at least this much (IDF weight) of what
    # the question says changed answers, when no sentence passes the gate (reader._change_said; round 54's method
    # choice, 0: off)
    change_subject_weight: float = 1.0
    # "那份文件的文号是多少" (qa/reading/doc_numbers.py): the best sentences searched for a cited number, and the share
    # of the question's words its 《title》 must hold when the best sentence did not pass the gate on its own.
    number_sentences: int = 5
    number_title_share: float = 0.5
    min_confidence: float = 0.5
    # A sentence holding this share of the question's terms answers even when its score (rank,
    # embedding similarity) squashes below min_confidence.
    sure_coverage: float = 0.7
    score_mid: float = 0.55  # sentence score that maps to confidence 0.5
    confidence_slope: float = 8.0  # steepness of the score → confidence squash around score_mid
    list_min_coverage: float = 0.5  # a report's sentence must hold this share to be a list item
    span_margin: float = 0.1  # sentences this close to the best compete on their typed span
    # "X市2024年准备怎么…" and the best sentence of another year: one this close that says the asked year (its
    # report's year, its sentence or its headings: "三、2024年工作打算") answers instead (round 41)
    year_margin: float = 0.2
    total_margin: float = 0.2  # "一共多少" and no close sentence says it: one this close saying a total (共计54名) may
    # A count or share asked of what one sentence names and the next one of its passage counts ("…构建破产处置多方
    # 协调联动机制。解决…等37个具体问题。"): the next sentence answers when no close one does, if it holds words of the
    # question its lead lacks (解决, 问题: ``follow_share`` of their weight) and its figure passes the same checks
    # (round twenty-nine, read sets' count and share questions: 4 gained, 行政 of 行政诉讼 for 行政调解 too little).
    follow_figure: bool = True
    follow_share: float = 0.1
    # "共822项,其中市本级63项": a question naming the part (市本级) is answered by the part's figure, not the total
    # (round thirty: 5 of 82 questions on it gained, none lost).
    named_part: bool = True
    # "“五落实”指哪五个方面": the list or parenthesis that says what a quoted name stands for (spans.definition), not
    # the sentence around it; a numbered name (三统一) by a list of as many items in its clause (round thirty: 24 of the
    # read sets' 43 such questions better, none worse; blind heldout48 descriptive F1 0.288 → 0.528 with the rest).
    definition_span: bool = True
    # A how-question ("怎么推行…", "有哪些做法") is not answered from a report's 存在的问题/不足 sections, unless it
    # asks about shortcomings or nothing else holds its words (round thirty: 3 of all sets' 448 how-questions change).
    skip_problem_sections: bool = True
    span_fit_weight: float = 0.2  # weight of a typed span's own fit when close sentences compete
    dense_top: int = 3  # sentences re-scored by the embedding model (each costs ~25 ms on 2 cores)
    dense_weight: float = 0.3  # share of the re-scored sentence score that is the embedding similarity
    dense_floor: float = 0.7  # cosine similarity that counts as 0 (e5 puts unrelated text near 0.7)
    dense_range: float = 0.3  # similarity above the floor that counts as 1
    # Sentence score = coverage_weight·coverage + context_weight·max(coverage, heading coverage)
    # + rank_weight·1/(1 + rank_decay·(retrieval rank − 1)).
    coverage_weight: float = 0.6
    context_weight: float = 0.2
    rank_weight: float = 0.2
    rank_decay: float = 0.25
    untyped_penalty: float = 0.6  # factor for a sentence without the asked-for span (count, ratio, date)
    heading_penalty: float = 0.5  # factor for a bare heading repeated as a sentence, or a fragment
    min_sentence_chars: int = 8  # shorter sentences are fragments
    partial_credit: float = 0.5  # credit for a term only its bigrams match (复议 for 行政复议)
    frame_weight: float = 0.25  # a frame word's (安排, 成效) share of its IDF weight
    # A question term's weight is its corpus IDF times its specificity in general Chinese
    # (qa/text/specificity.py): 1 above general IDF ``specific_idf``, ``common_floor`` at
    # ``common_idf`` and below (去, 后), so everyday words count for little in a sentence's coverage.
    common_idf: float = 3.0
    specific_idf: float = 7.0  # set it to common_idf or below to weigh by corpus IDF alone
    common_floor: float = 0.1
    descriptive_sentences: int = 3  # sentences a "how / which measures" answer may run to
    names_next: int = 1  # sentences after the best one where a "哪两个局" list may stand (after a semicolon)
    extend_min_coverage: float = 0.25  # a following sentence joins the answer with this coverage
    # A best sentence this short only names the measure ("推行包容审慎监管。"): what follows it says what was done.
    lead_max_chars: int = 12
    heading_vouches: float = 0.5  # heading coverage above which a section is about the question throughout
    # "案件中有多少件被撤销": the sentence of the count must hold this share (by weight) of the words
    # that single out the part (撤销, 变更); the set's total is not the part.
    min_subset_share: float = 0.5


@dataclass(frozen=True)
class SpanSettings:
    """Typed spans (qa/reading/spans.py): how a count, ratio or date is chosen inside a sentence."""

    short_clause: int = 4  # characters before the number in a bare verb clause: 受理, 其中受理, 办结
    max_noun: int = 8  # characters of the counted noun kept after a count (1家律师事务所)
    max_label: int = 8  # characters of the question's label kept before a figure among others (其中公职律师9名)
    max_siblings: int = 40  # characters of a parenthesis whose every clause is a labelled figure, quoted whole
    counted_share: float = 0.75  # share of the characters of what a question counts that the figure's clauses hold
    anchor_decay: float = 8.0  # characters over which a question word's pull halves
    after_factor: float = 0.6  # pull of a question word after the span, relative to one before it
    same_clause: float = 1.5  # pull of a question word in the span's clause …
    other_clause: float = 0.5  # … and in another clause
    verb_clause_bonus: float = 1.0  # a question word as the clause's verb ("受理了多少件" → 受理468件)
    unit_bonus: float = 1.0  # the unit the question asks for (多少项 → 项)
    counted_bonus: float = 1.0  # what the question counts named right by the figure (几个律师 → 5名律师)
    total_bonus: float = 1.0  # a total word (共计) before the span when the question asks for a total
    total_window: int = 4  # characters before the span searched for a total word
    numeral_penalty: float = 0.3  # a count in Chinese numerals (一个, 两项) is more often wording
    month_bonus: float = 0.5  # a date with a month or day says more than a bare year


@dataclass(frozen=True)
class FusionSettings:
    """How hybrid retrieval merges the BM25 and dense lists (qa/retrieval/fusion.py); chosen on the
    blind held-out sets (README "Retrieval")."""

    method: FusionMethod = "weighted"  # "weighted" (min-max normalised scores) or "rrf"
    rrf_k: int = 60
    dense_weight: float = 0.5  # weight of the dense side in weighted fusion
    candidate_factor: int = 10  # each retriever contributes candidate_factor * k before fusion
    min_candidates: int = 50
    rescore_candidates: bool = True  # weighted: a candidate one side missed gets that side's real score, not 0


@dataclass(frozen=True)
class LearnedReaderSettings:
    """The learned span reader (qa/reading/learned.py); chosen on the CMRC validation split and the
    generated corpus questions' validation split, never on eval/*.jsonl."""

    passages: int = 3  # top retrieved passages read, one window each
    window_chars: int = 150  # characters read around the passage's best sentences
    rank_penalty: float = 1.0  # subtracted from the answerability margin per retrieval rank
    threshold: float = 0.0  # answerability margin (span − no-answer logits) needed to answer
    threshold_refused: float = 2.0  # combined: margin needed to answer where the rules refused


@dataclass(frozen=True)
class ModelReaderSettings:
    """A local Hugging Face extractive QA model (qa/reading/hf_reader.py); scoring follows Haystack's
    ExtractiveReader."""

    top_k_per_passage: int = 2  # spans kept per passage
    max_answer_tokens: int = 40
    min_score: float = 0.6  # below this the best span is no answer, whatever the rest
    max_length: int = 384  # tokens per window (question + passage)
    stride: int = 64  # tokens shared by consecutive windows of a long passage
    top_logits: int = 20  # start and end positions tried per window
    logit_scale: float = 0.1  # span probability = sigmoid(scale × (start + end logit))
