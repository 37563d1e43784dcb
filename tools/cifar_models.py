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

Activations: the elements autograd keeps for the backward pass of one sample,
2 x the outputs of every convolution (batch norm keeps its input, the
convolution's output, and ReLU its own output, which the next convolution
reads again), in float32. They set each workload's memory floor with the
runtime and the copies of the exchanged vector (docs/profiles.md, "Memory
floor"); `--catalog` prints the floors and the covariances of the catalog's
estimated coefficients (docs/profiles.md, "How sure the catalog is").

Run: python3 tools/cifar_models.py [--catalog]
"""
import math
import sys


class Net:
    def __init__(self, size=32):
        self.params = 0
        self.macs = 0
        self.size = size  # spatial side of the current feature map
        self.outputs = 0  # convolution output elements per sample

    def conv(self, cin, cout, k, stride=1, groups=1, bias=False, bn=True):
        self.size = (self.size + 2 * (k // 2) - k) // stride + 1
        weights = cout * (cin // groups) * k * k
        self.params += weights + (cout if bias else 0) + (2 * cout if bn else 0)
        self.macs += weights * self.size * self.size
        self.outputs += cout * self.size * self.size
        return cout

    def activation_mb(self):
        """MB kept for the backward pass per sample: 2 x outputs x 4 bytes."""
        return 2 * self.outputs * 4 / 2**20

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

# The memory floor (docs/profiles.md, "Memory floor"): the released FasDL
# worker's footprint. RUNTIME_MB: Python with torch, torchvision, numpy and
# boto3 imported (an estimate: measure VmHWM of your image); VECTOR_COPIES:
# the S-sized buffers alive at once in its K-REDUCE step (parameters,
# gradients, the flattened vector, the merged chunks, the vector they are
# joined into, and one transient copy while np.append or np.concatenate
# grows a vector; plain SGD keeps no optimizer state); BATCH: the
# aggregators' batch B = round(16 / (1 / 0.8 - 1)) = 64.
RUNTIME_MB = 350
VECTOR_COPIES = 6
BATCH = 64

# The uncertainty of the catalog's estimates (docs/profiles.md, "How sure the
# catalog is"). b and m are assumptions: their standard deviations are those
# of the 16 reference cases (../shared/reference/cases/examples.json). a of
# ResNet-50 is calibrated to one measured epoch: a = T (2560 + m) / (128 + b)
# with T = 7.4205 s of training per iteration, 10% uncertain (5% for one
# unrepeated timing on Lambda, 8% for the communication subtracted from it).
# The other networks scale a by FLOPs, uncertain by FLOP_ERROR. k1 and k2 are
# assumptions with the reference cases' spread (k1 relative).
SD_B, SD_M = 6.728, 119.0
A50, B, M, T = 143.0, 16.0, 215.0, 143.0 * 144 / 2775
SD_T = 0.10 * T
FLOP_ERROR = {"resnet18": 0.20, "resnet34": 0.20, "resnet50": 0.0, "resnet101": 0.20,
              "mobilenet_v2": 0.50, "vgg16": 0.30}
SD_K1_RELATIVE, SD_K2 = 3.058 / 5.0, 0.1843


def compute_covariance(ratio, flop_error):
    """Covariance of (a, b, m) for a = ratio x a_resnet50 x (1 + error)."""
    da_dt, da_db, da_dm = (2560 + M) / (128 + B), -A50 / (128 + B), A50 / (2560 + M)
    var_a50 = (da_dt * SD_T) ** 2 + (da_db * SD_B) ** 2 + (da_dm * SD_M) ** 2
    var_a = ratio ** 2 * (var_a50 + (A50 * flop_error) ** 2)
    cov_ab, cov_am = ratio * da_db * SD_B ** 2, ratio * da_dm * SD_M ** 2
    return [[var_a, cov_ab, cov_am], [cov_ab, SD_B ** 2, 0.0], [cov_am, 0.0, SD_M ** 2]]


def catalog():
    reference = NETWORKS["resnet50"]
    for name, n in NETWORKS.items():
        model_mb = n.params * 4 / 2**20
        ratio = n.macs / reference.macs
        # As the workload files hold them: S and the activations to 2 decimals.
        floor = RUNTIME_MB + VECTOR_COPIES * round(model_mb, 2) + BATCH * round(n.activation_mb(), 2)
        k1 = 5.0 * n.params / reference.params
        print(f"{name}: model_mb {model_mb:.2f}, activation_mb_per_sample "
              f"{n.activation_mb():.2f}, floor {math.ceil(floor)} MB "
              f"(= {RUNTIME_MB} + {VECTOR_COPIES} x {model_mb:.2f} + {BATCH} x "
              f"{n.activation_mb():.2f}); 2 S + 256 = {2 * model_mb + 256:.0f} MB")
        c = compute_covariance(ratio, FLOP_ERROR[name])
        print("  compute.covariance", [[float(f"{x:.6g}") for x in row] for row in c])
        f = [[(SD_K1_RELATIVE * k1) ** 2, 0.0], [0.0, SD_K2 ** 2]]
        print("  flatten.covariance", [[float(f"{x:.6g}") for x in row] for row in f])


if __name__ == "__main__":
    if "--catalog" in sys.argv:
        catalog()
        sys.exit(0)
    reference = NETWORKS["resnet50"].macs
    print(f"{'network':<13} {'parameters':>12} {'model_mb':>9} {'MMACs':>9} {'vs resnet50':>11} "
          f"{'act MB/sample':>13}")
    for name, n in NETWORKS.items():
        print(f"{name:<13} {n.params:>12,} {n.params * 4 / 2**20:>9.2f} {n.macs / 1e6:>9.1f} "
              f"{n.macs / reference:>11.4f} {n.activation_mb():>13.2f}")
