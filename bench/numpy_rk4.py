#!/usr/bin/python3
"""numpy_rk4.py - the NumPy reference of issue 14: the same algorithm as gfd's
method=rk4 (classical 4-stage Runge-Kutta, 20 fixed steps to T=0.002, the loss
and gradient by the Gram trick) on SYM nu=4 p=1000 H=300, identity target
kappa=1, from the very initial parameters gfd uses (written by
`bench_flow rk4-ref FILE`).  Prints both CPU times (1 BLAS thread each: the
caller sets OPENBLAS_NUM_THREADS=1), the ratio gfd/NumPy (goal <= 0.25) and
the relative difference of the final losses (same algorithm: rounding only).

Usage: numpy_rk4.py BENCH_FLOW_BINARY
"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

NU, P, H, KAPPA, T, STEPS = 4, 1000, 300, 1.0, 0.002, 20


def loss_grad_pow(U, want_grad=True):
    """L = 1/2 sum G^nu - kappa sum U^nu + kappa^2 p / 2,
    grad = nu G^(nu-1) U - nu kappa U^(nu-1), entrywise powers written as
    the formula reads (x ** n: NumPy's general power, slow)."""
    G = U @ U.T
    M = G ** (NU - 1)
    loss = 0.5 * np.sum(M * G) - KAPPA * np.sum(U ** NU) + 0.5 * KAPPA * KAPPA * P
    if not want_grad:
        return loss, None
    return loss, NU * (M @ U) - NU * KAPPA * U ** (NU - 1)


def loss_grad_mul(U, want_grad=True):
    """The same with the powers as products (what gfd does): only the two
    BLAS-3 products U U^T and M U are left, as in gfd."""
    G = U @ U.T
    M = G * G * G
    U3 = U * U * U
    loss = 0.5 * np.sum(M * G) - KAPPA * np.sum(U3 * U) + 0.5 * KAPPA * KAPPA * P
    if not want_grad:
        return loss, None
    return loss, NU * (M @ U) - NU * KAPPA * U3


def rk4(U, loss_grad):
    dt = T / STEPS
    for _ in range(STEPS):
        k1 = -loss_grad(U)[1]
        k2 = -loss_grad(U + 0.5 * dt * k1)[1]
        k3 = -loss_grad(U + 0.5 * dt * k2)[1]
        k4 = -loss_grad(U + dt * k3)[1]
        U = U + (dt / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    return U


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: numpy_rk4.py BENCH_FLOW_BINARY")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "theta.bin")
        out = subprocess.run([sys.argv[1], "rk4-ref", path], check=True, capture_output=True, text=True).stdout
        f = out.split()
        gfd_secs, gfd_grads, gfd_loss = float(f[1]), int(f[3]), float(f[5])
        U0 = np.fromfile(path, dtype=np.float64).reshape(H, P)
    print("rk4 20 steps (80 gradients) on SYM nu=4 p=1000 H=300, CPU time on 1 thread (numpy %s):"
          % np.__version__)
    print("  gfd                      %8.3f s (%d gradients, final loss %.12g)" % (gfd_secs, gfd_grads, gfd_loss))
    for name, lg in (("x ** n powers", loss_grad_pow), ("powers as products", loss_grad_mul)):
        best = None
        for _ in range(3):  # best of 3
            c0 = time.process_time()
            U = rk4(U0.copy(), lg)
            secs = time.process_time() - c0
            best = secs if best is None else min(best, secs)
        loss = lg(U, want_grad=False)[0]
        print("  NumPy, %-18s %8.3f s   gfd/NumPy %.2f (goal <= 0.25)   final loss: relative difference %.1e"
              % (name, best, gfd_secs / best, abs(gfd_loss - loss) / abs(loss)))


if __name__ == "__main__":
    main()
