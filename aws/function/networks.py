"""The CIFAR-10 networks of fasdl's model catalog (configs/models/), in PyTorch.

The architectures are those that tools/cifar_models.py counts: a 3x3
stride-1 stem without max-pool, global average pooling and one 10-way linear
layer (MobileNetV2 with its first two strides set to 1; VGG-16 with batch norm
and a single 512 -> 10 classifier), so that a network built here has the
parameter count of its catalog entry. ``tiny`` is a three-layer network for
trying the harness out quickly; it has no catalog entry.
"""
from __future__ import annotations

from typing import Callable

import torch
from torch import nn

CLASSES = 10


def _conv_bn(cin: int, cout: int, k: int, stride: int = 1, groups: int = 1,
             bias: bool = False) -> list[nn.Module]:
    """A k x k convolution (padding k // 2) followed by batch norm."""
    return [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=bias),
            nn.BatchNorm2d(cout)]


class _Residual(nn.Module):
    """``relu(body(x) + shortcut(x))``, the shortcut a projection when shapes change."""

    def __init__(self, body: list[nn.Module], shortcut: list[nn.Module], relu: bool = True):
        super().__init__()
        self.body = nn.Sequential(*body)
        self.shortcut = nn.Sequential(*shortcut)
        self.relu = relu

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.body(x) + self.shortcut(x)
        return torch.relu(out) if self.relu else out


def _resnet(blocks: list[int], bottleneck: bool) -> nn.Module:
    expansion = 4 if bottleneck else 1
    layers: list[nn.Module] = [*_conv_bn(3, 64, 3), nn.ReLU()]
    cin = 64
    for planes, count, first_stride in zip([64, 128, 256, 512], blocks, [1, 2, 2, 2]):
        for i in range(count):
            stride = first_stride if i == 0 else 1
            if bottleneck:
                body = [*_conv_bn(cin, planes, 1), nn.ReLU(), *_conv_bn(planes, planes, 3, stride),
                        nn.ReLU(), *_conv_bn(planes, planes * 4, 1)]
            else:
                body = [*_conv_bn(cin, planes, 3, stride), nn.ReLU(),
                        *_conv_bn(planes, planes, 3)]
            shortcut = (_conv_bn(cin, planes * expansion, 1, stride)
                        if stride != 1 or cin != planes * expansion else [])
            layers.append(_Residual(body, shortcut))
            cin = planes * expansion
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, CLASSES)]
    return nn.Sequential(*layers)


def _mobilenet_v2() -> nn.Module:
    layers: list[nn.Module] = [*_conv_bn(3, 32, 3), nn.ReLU()]
    cin = 32
    for expansion, cout, count, first_stride in [(1, 16, 1, 1), (6, 24, 2, 1), (6, 32, 3, 2),
                                                 (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                                                 (6, 320, 1, 1)]:
        for i in range(count):
            stride = first_stride if i == 0 else 1
            planes = expansion * cin
            body = [*_conv_bn(cin, planes, 1), nn.ReLU(),
                    *_conv_bn(planes, planes, 3, stride, groups=planes), nn.ReLU(),
                    *_conv_bn(planes, cout, 1)]
            if stride == 1:
                shortcut = _conv_bn(cin, cout, 1) if cin != cout else []
                layers.append(_Residual(body, shortcut, relu=False))
            else:
                layers.append(nn.Sequential(*body))
            cin = cout
    layers += [*_conv_bn(320, 1280, 1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
               nn.Linear(1280, CLASSES)]
    return nn.Sequential(*layers)


def _vgg16() -> nn.Module:
    layers: list[nn.Module] = []
    cin = 3
    for v in [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]:
        if v == 0:
            layers.append(nn.MaxPool2d(2))
        else:
            layers += [*_conv_bn(cin, v, 3, bias=True), nn.ReLU()]
            cin = v
    layers += [nn.Flatten(), nn.Linear(512, CLASSES)]
    return nn.Sequential(*layers)


def _tiny() -> nn.Module:
    # Most of its 4.2 million parameters sit in one dense layer over pooled features:
    # cheap per sample, while the update and the flattening (16 MB) cost per step.
    return nn.Sequential(*_conv_bn(3, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(8 * 16 * 16, 2048), nn.ReLU(), nn.Linear(2048, CLASSES))


NETWORKS: dict[str, Callable[[], nn.Module]] = {
    "resnet18": lambda: _resnet([2, 2, 2, 2], False),
    "resnet34": lambda: _resnet([3, 4, 6, 3], False),
    "resnet50": lambda: _resnet([3, 4, 6, 3], True),
    "resnet101": lambda: _resnet([3, 4, 23, 3], True),
    "mobilenet_v2": _mobilenet_v2,
    "vgg16": _vgg16,
    "tiny": _tiny,
}


def build(name: str) -> nn.Module:
    """The named network, freshly initialised from torch's current seed."""
    if name not in NETWORKS:
        raise ValueError(f"event: \"network\" must be one of {', '.join(NETWORKS)}, got {name!r}")
    return NETWORKS[name]()
