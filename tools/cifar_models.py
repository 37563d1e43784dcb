#!/usr/bin/env python3
"""Parameter counts and forward multiply-accumulates (MACs) per 32x32 sample of
the CIFAR-10 networks in configs/models/, for docs/profiles.md ("Model
catalog"). The architectures are the CIFAR-10 variants of the widely used
kuangliu/pytorch-cifar definitions: a 3x3 stride-1 stem, no max-pool, global
average pooling and one 10-way linear layer (MobileNetV2 with its first two
strides set to 1; VGG16 with batch norm and a single 512 -> 10 classifier).

Parameters count convolution weights (bias only where the layer has one), the
two affine parameters of every batch norm, and the classifier's weights and
bias; batch-norm running statistics are buffers, not parameters. MACs count
convolutions and the classifier only (batch norm, activations, pooling and
additions are a few percent at most and are left out).

Run: python3 tools/cifar_models.py
"""


class Net:
    def __init__(self, size=32):
        self.params = 0
        self.macs = 0
        self.size = size  # spatial side of the current feature map

    def conv(self, cin, cout, k, stride=1, groups=1, bias=False, bn=True):
        self.size = (self.size + 2 * (k // 2) - k) // stride + 1
        weights = cout * (cin // groups) * k * k
        self.params += weights + (cout if bias else 0) + (2 * cout if bn else 0)
        self.macs += weights * self.size * self.size
        return cout

    def linear(self, cin, cout):
        self.params += cin * cout + cout
        self.macs += cin * cout


def resnet(blocks, bottleneck):
    n = Net()
    cin = n.conv(3, 64, 3)
    expansion = 4 if bottleneck else 1
    for planes, count, first_stride in zip([64, 128, 256, 512], blocks, [1, 2, 2, 2]):
        for i in range(count):
            stride = first_stride if i == 0 else 1
            side = n.size
            if bottleneck:
                n.conv(cin, planes, 1)
                n.conv(planes, planes, 3, stride)
                n.conv(planes, planes * 4, 1)
            else:
                n.conv(cin, planes, 3, stride)
                n.conv(planes, planes, 3)
            if stride != 1 or cin != planes * expansion:
                after = n.size
                n.size = side
                n.conv(cin, planes * expansion, 1, stride)
                n.size = after
            cin = planes * expansion
    n.linear(512 * expansion, 10)
    return n


def mobilenet_v2():
    n = Net()
    cin = n.conv(3, 32, 3)
    for expansion, cout, count, first_stride in [(1, 16, 1, 1), (6, 24, 2, 1), (6, 32, 3, 2),
                                                 (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                                                 (6, 320, 1, 1)]:
        for i in range(count):
            stride = first_stride if i == 0 else 1
            planes = expansion * cin
            side = n.size
            n.conv(cin, planes, 1)
            n.conv(planes, planes, 3, stride, groups=planes)
            n.conv(planes, cout, 1)
            if stride == 1 and cin != cout:  # projection shortcut
                after = n.size
                n.size = side
                n.conv(cin, cout, 1)
                n.size = after
            cin = cout
    n.conv(320, 1280, 1)
    n.linear(1280, 10)
    return n


def vgg16():
    n = Net()
    cin = 3
    for v in [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512,
              "M"]:
        if v == "M":
            n.size //= 2
        else:
            cin = n.conv(cin, v, 3, bias=True)
    n.linear(512, 10)
    return n


NETWORKS = {
    "resnet18": resnet([2, 2, 2, 2], False),
    "resnet34": resnet([3, 4, 6, 3], False),
    "resnet50": resnet([3, 4, 6, 3], True),
    "resnet101": resnet([3, 4, 23, 3], True),
    "mobilenet_v2": mobilenet_v2(),
    "vgg16": vgg16(),
}

if __name__ == "__main__":
    reference = NETWORKS["resnet50"].macs
    print(f"{'network':<13} {'parameters':>12} {'model_mb':>9} {'MMACs':>9} {'vs resnet50':>11}")
    for name, n in NETWORKS.items():
        print(f"{name:<13} {n.params:>12,} {n.params * 4 / 2**20:>9.2f} {n.macs / 1e6:>9.1f} "
              f"{n.macs / reference:>11.4f}")
