//! The script's comments, in each language of the page. `{epoch}` and `{epochs}` are
//! filled in.

use crate::i18n::Lang;

pub struct Words {
    pub header: &'static str,
    pub settings_title: &'static str,
    pub l1: &'static str,
    pub l2: &'static str,
    pub data_title: &'static str,
    pub points: &'static str,
    pub digits: &'static str,
    pub textbook: &'static str,
    pub features: &'static str,
    pub targets_one_hot: &'static str,
    pub targets_half: &'static str,
    pub targets_label: &'static str,
    pub network_title: &'static str,
    pub weights: &'static str,
    pub velocity: &'static str,
    pub moments: &'static str,
    pub orders_title: &'static str,
    pub orders: &'static str,
    pub functions_title: &'static str,
    pub sigma: &'static str,
    pub sigma_prime: &'static str,
    pub softmax: &'static str,
    pub forward: &'static str,
    pub loss_squared: &'static str,
    pub loss_binary: &'static str,
    pub loss_softmax: &'static str,
    pub backward: &'static str,
    pub delta_squared: &'static str,
    pub delta_squared_softmax: &'static str,
    pub delta_cross_entropy: &'static str,
    pub delta_hidden: &'static str,
    pub gradients: &'static str,
    pub update_sgd: &'static str,
    pub l1_stop: &'static str,
    pub l2_step: &'static str,
    pub update_momentum: &'static str,
    pub update_adam: &'static str,
    pub training_title: &'static str,
    pub epoch: &'static str,
    pub expected: &'static str,
    pub dropout: &'static str,
    pub held: &'static str,
    pub random: &'static str,
    pub dropout_mask: &'static str,
    pub forward_dropout: &'static str,
    pub off: &'static str,
    pub held_update: &'static str,
}

impl Words {
    pub fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

const EN: Words = Words {
    header: "NN Lab, exported at epoch {epoch}: the data, the weights, the settings and the\n\
             order of the samples in each of the next {epochs} epochs, and the training\n\
             written out. Run it with  python3 <this file>  (it needs NumPy: pip install numpy).\n\
             It trains {epochs} epochs as the page does and prints after each one\n  \
             epoch <n> train <loss> test <loss>\n\
             The experiment on the page (after the page's address):",
    settings_title: "Settings",
    l1: "L1: the penalty rate · |w| on each weight (not the biases)",
    l2: "L2: the penalty rate · w²/2 on each weight (not the biases)",
    data_title: "Data",
    points: "Each point: x1, x2 and its label.",
    digits: "Each digit: 64 pixels, row by row, from 0 (white) to 16 (black); the input is the pixel over 16.",
    textbook: "The textbook's two samples: three inputs each, labels 0 and 1.",
    features: "the inputs the network sees: the features switched on, computed from (x1, x2)",
    targets_one_hot: "one output per class: 1 for the sample's class, 0 for the others",
    targets_half: "one sigmoid output, the probability of the class +1: the label −1 or +1 becomes 0 or 1",
    targets_label: "one output that should show the label itself",
    network_title: "The network at epoch {epoch}",
    weights: "W[l][j, i] is the weight from neuron i of the layer below to neuron j of layer l + 1;\n\
              b[l][j] is neuron j's bias. ACTIVATIONS[l] is layer l + 1's σ (the output's is last).",
    velocity: "Momentum's velocity of each parameter.",
    moments: "Adam's moments of each parameter, and t, the updates made so far.",
    orders_title: "The order of the training samples in each epoch",
    orders: "The page shuffles the training samples at the start of each epoch; these are its\n\
             orders, so the script takes the same mini-batches.",
    functions_title: "Forward, loss, backward, update",
    sigma: "the activation a = σ(z)",
    sigma_prime: "its derivative σ'(z), written with a = σ(z) where that is shorter",
    softmax: "a_k = e^(z_k) / Σ_m e^(z_m), each row shifted by its largest z so e^z cannot overflow",
    forward: "a[0] = X (one row per sample); z[l] = a[l] Wᵀ + b; a[l + 1] = σ(z[l])",
    loss_squared: "the mean over the samples of Σ_j ½(a_j − t_j)² (without the penalty)",
    loss_binary: "the mean of −[t ln a + (1 − t) ln(1 − a)], written as ln(1 + e^z) − t·z so it stays finite",
    loss_softmax: "the mean of −ln a_class = ln Σ_k e^(z_k) − z_class",
    backward: "delta[l] = ∂L/∂z of layer l + 1, for each sample (one row per sample)",
    delta_squared: "output: δ = ∂L/∂a · σ'(z) = (a − t) · σ'(z)",
    delta_squared_softmax: "output: δ_j = a_j (g_j − Σ_m a_m g_m) with g = ∂L/∂a = a − t (the softmax's Jacobian)",
    delta_cross_entropy: "output: the cross-entropy on its sigmoid or softmax gives δ = a − t",
    delta_hidden: "hidden: δ = (Σ_j W_ji δ_j) · σ'(z)",
    gradients: "∂L/∂W = δ aᵀ and ∂L/∂b = δ, summed over the mini-batch's samples",
    update_sgd: "gradient descent on the mean gradient: θ ← θ − η · (1/n) Σ ∂L/∂θ",
    l1_stop: "then L1 pulls each weight towards 0 by η·λ; a weight that would cross 0 stops at 0 (as TFP does)",
    l2_step: "then L2 shrinks each weight: w ← w − η·λ·w (w from before the step)",
    update_momentum: "momentum: v ← μ·v − η·g, θ ← θ + v, with g the mean gradient (plus the penalty's)",
    update_adam: "Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε)",
    training_title: "Training",
    epoch: "one epoch: a gradient step per mini-batch of the epoch's order (the last may be smaller)",
    expected: "What the page printed for the same epochs (compare):",
    dropout: "Dropout: each hidden layer's rate, and the state of the page's random stream for its masks\n\
              (SplitMix64), so the script drops the same neurons.",
    held: "Neurons switched off (ON is 0: output 0, δ 0) and the parameters that stay where they are:\n\
           a switched-off or frozen neuron's incoming weights and bias, a switched-off neuron's outgoing weights.",
    random: "the next number of the page's random stream, uniform in [0, 1): SplitMix64",
    dropout_mask: "k = 0 for a dropped neuron, else 1/(1 − rate); one draw per neuron and sample, neuron by neuron",
    forward_dropout: "in training, each hidden layer's a is multiplied by its dropout mask k (inverted dropout)",
    off: "a switched-off neuron outputs 0",
    held_update: "the held parameters (HELD_W, HELD_b) and their optimiser's state keep their values",
};

const ZH: Words = Words {
    header: "NN Lab，导出于第 {epoch} 轮：数据、权重、设置、接下来 {epochs} 轮中样本的顺序，\n\
             以及写成代码的训练过程。运行：python3 <本文件>（需要 NumPy：pip install numpy）。\n\
             它像页面一样训练 {epochs} 轮，每轮之后打印\n  \
             epoch <n> train <loss> test <loss>\n\
             页面上的这个实验（接在页面地址之后）：",
    settings_title: "设置",
    l1: "L1：每个权重（不含偏置）的惩罚为 比率 · |w|",
    l2: "L2：每个权重（不含偏置）的惩罚为 比率 · w²/2",
    data_title: "数据",
    points: "每个点：x1、x2 和它的标签。",
    digits: "每个数字：64 个像素，逐行排列，0（白）到 16（黑）；输入是像素除以 16。",
    textbook: "教科书的两个样本：各有三个输入，标签为 0 和 1。",
    features: "网络看到的输入：打开的特征，由 (x1, x2) 算出",
    targets_one_hot: "每个类别一个输出：样本所属类别为 1，其他为 0",
    targets_half: "一个 sigmoid 输出，即类别 +1 的概率：标签 −1 或 +1 变为 0 或 1",
    targets_label: "一个输出，应当等于标签本身",
    network_title: "第 {epoch} 轮的网络",
    weights: "W[l][j, i] 是从下一层的神经元 i 到第 l + 1 层神经元 j 的权重；\n\
              b[l][j] 是神经元 j 的偏置。ACTIVATIONS[l] 是第 l + 1 层的 σ（最后一个是输出层的）。",
    velocity: "动量法中每个参数的速度。",
    moments: "Adam 中每个参数的矩估计，以及 t：到目前为止的更新次数。",
    orders_title: "每一轮中训练样本的顺序",
    orders: "页面在每轮开始时打乱训练样本；这里是它的顺序，\n\
             所以脚本使用相同的小批量。",
    functions_title: "前向、损失、反向、更新",
    sigma: "激活函数 a = σ(z)",
    sigma_prime: "它的导数 σ'(z)，能更短时用 a = σ(z) 来写",
    softmax: "a_k = e^(z_k) / Σ_m e^(z_m)，每行先减去最大的 z，使 e^z 不会溢出",
    forward: "a[0] = X（每个样本一行）；z[l] = a[l] Wᵀ + b；a[l + 1] = σ(z[l])",
    loss_squared: "对样本取平均的 Σ_j ½(a_j − t_j)²（不含惩罚项）",
    loss_binary: "−[t ln a + (1 − t) ln(1 − a)] 的平均，写成 ln(1 + e^z) − t·z 以保持有限",
    loss_softmax: "−ln a_类别 = ln Σ_k e^(z_k) − z_类别 的平均",
    backward: "delta[l] = 第 l + 1 层的 ∂L/∂z，每个样本一行",
    delta_squared: "输出层：δ = ∂L/∂a · σ'(z) = (a − t) · σ'(z)",
    delta_squared_softmax:
        "输出层：δ_j = a_j (g_j − Σ_m a_m g_m)，其中 g = ∂L/∂a = a − t（softmax 的雅可比矩阵）",
    delta_cross_entropy: "输出层：交叉熵配合 sigmoid 或 softmax 得到 δ = a − t",
    delta_hidden: "隐藏层：δ = (Σ_j W_ji δ_j) · σ'(z)",
    gradients: "∂L/∂W = δ aᵀ，∂L/∂b = δ，对小批量中的样本求和",
    update_sgd: "对平均梯度做梯度下降：θ ← θ − η · (1/n) Σ ∂L/∂θ",
    l1_stop: "然后 L1 把每个权重向 0 拉 η·λ；会越过 0 的权重停在 0（与 TFP 相同）",
    l2_step: "然后 L2 缩小每个权重：w ← w − η·λ·w（w 为这一步之前的值）",
    update_momentum: "动量法：v ← μ·v − η·g，θ ← θ + v，g 为平均梯度（加上惩罚项的）",
    update_adam: "Adam：m ← β₁m + (1 − β₁)g，v ← β₂v + (1 − β₂)g²，θ ← θ − η·m̂/(√v̂ + ε)",
    training_title: "训练",
    epoch: "一轮：按这一轮的顺序，每个小批量做一次梯度下降（最后一个可能较小）",
    expected: "页面在同样的轮次打印的结果（可对照）：",
    dropout: "丢弃法：每个隐藏层的丢弃率，以及页面为掩码使用的随机数流的状态\n\
              （SplitMix64），所以脚本丢弃同样的神经元。",
    held: "关闭的神经元（ON 为 0：输出 0，δ 为 0），以及保持不变的参数：\n\
           关闭或冻结的神经元的输入权重和偏置，关闭的神经元的输出权重。",
    random: "页面随机数流的下一个数，在 [0, 1) 上均匀分布：SplitMix64",
    dropout_mask:
        "被丢弃的神经元 k = 0，否则 k = 1/(1 − 丢弃率)；每个神经元、每个样本抽一次，逐个神经元进行",
    forward_dropout: "训练时，每个隐藏层的 a 乘以它的丢弃掩码 k（反向缩放的丢弃法）",
    off: "关闭的神经元输出 0",
    held_update: "保持不变的参数（HELD_W、HELD_b）及其优化器状态保留原值",
};
