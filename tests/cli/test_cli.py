"""The command line against the Python API: same spikes, one-line errors, examples in --help."""
import json

import numpy as np
import pytest

import l2s
from l2s.cli import main
from l2s.examples import docs_example, random_inputs, random_recurrent
from l2s.hw import Emulator, build_image
from l2s.partition import partition

COMMANDS = ["demo", "info", "convert", "run", "map", "image", "plot"]


def invoke(args, capsys):
    """Run ``l2s *args`` in this process: ``(exit code, stdout, stderr)``."""
    with pytest.raises(SystemExit) as done:
        main.main(list(args), prog_name="l2s")
    out, err = capsys.readouterr()
    return done.value.code, out, err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_shows_an_example_in_its_help(command, capsys):
    code, out, _ = invoke([command, "--help"], capsys)
    assert code == 0 and "Example:" in out and f"l2s {command}" in out


def test_run_gives_exactly_the_spikes_of_the_simulator(tmp_path, l2s_cli):
    net = random_recurrent(300, fanout=10, seed=3)
    compiled = net.compile()
    indptr, indices = random_inputs(compiled.n_axons, 60, p=0.3, seed=4)
    net.save(tmp_path / "net.l2s")
    np.savez(tmp_path / "in.npz", indptr=indptr, indices=indices)
    watched = ",".join(repr(k) for k in list(compiled.neuron_keys)[:3])
    done = l2s_cli(["run", "net.l2s", "--steps", "60", "--inputs", "in.npz", "--record",
                    "sim.l2sr", "--potentials", watched, "--threads", "1"], tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    expected = l2s.Simulator(compiled).run(60, (indptr, indices), record_potentials=[0, 1, 2])
    got = l2s.load(tmp_path / "sim.l2sr")
    assert len(expected) > 0 and f"{len(expected):,} spikes" in done.stdout
    for name in ("times", "neurons", "potential_neurons", "potentials"):
        assert np.array_equal(getattr(got, name), getattr(expected, name)), name

    placement = partition(compiled)
    placement.save(tmp_path / "net.l2sp")
    done = l2s_cli(["run", "net.l2sp", "--target", "emulator", "--inputs", "in.npz",
                    "--record", "emu.l2sr"], tmp_path)
    assert done.returncode == 0, done.stderr
    emulated = Emulator(build_image(compiled, placement)).run(60, (indptr, indices))
    got = l2s.load(tmp_path / "emu.l2sr")
    assert np.array_equal(got.neurons, emulated.neurons) and \
        np.array_equal(got.times, expected.times)


def test_convert_runs_a_python_file_in_a_fresh_namespace(tmp_path, capsys):
    source = tmp_path / "net.py"
    args = docs_example()
    source.write_text("import math\n" + "".join(f"{k} = {v!r}\n" for k, v in args.items()))
    code, out, err = invoke(["convert", str(source), "-o", str(tmp_path / "net.l2s")], capsys)
    assert code == 0 and "wrote" in out and err == ""
    loaded = l2s.load(tmp_path / "net.l2s").compile()
    expected = l2s.from_l2s(**args).compile()
    assert list(loaded.neuron_keys) == list(expected.neuron_keys)
    assert np.array_equal(loaded.neuron_indices, expected.neuron_indices)


def bad_inputs(tmp_path):
    l2s.from_l2s(**docs_example()).save(tmp_path / "net.l2s")
    (tmp_path / "nodicts.py").write_text("axons = {}\n")
    (tmp_path / "bad.csv").write_text("step,axon\n0,alpha\n9,alpha\n")
    (tmp_path / "list.json").write_text("[1, 2]")
    return tmp_path


@pytest.mark.parametrize("args, code, message", [
    (["info", "{d}/missing.l2s"], 1, "No such file or directory: '{d}/missing.l2s'"),
    (["info", "{d}/bad.csv"], 1, "'{d}/bad.csv' is not a readable L2S file"),
    (["run", "{d}/net.l2s", "--steps", "5", "--inputs", "{d}/bad.csv"], 1,
     "'{d}/bad.csv' line 3: step = 9 is outside the allowed range [0, 4]"),
    (["run", "{d}/net.l2s"], 2, "give --steps, or --inputs with a .npz file"),
    (["run", "{d}/net.l2s", "--steps", "-1"], 2, "--steps"),  # click 7 and 8 quote differently
    (["run", "{d}/net.l2s", "--steps", "2", "--target", "hardware"], 2, "--target"),
    (["convert", "{d}/nodicts.py", "-o", "{d}/x.l2s"], 1,
     "does not define connections, config, outputs"),
    (["convert", "{d}/list.json", "-o", "{d}/x.l2s"], 1, "must hold a JSON object"),
    (["convert", "{d}/bad.csv", "-o", "{d}/x.l2s"], 1, "cannot convert .csv files"),
    (["map", "{d}/net.l2s", "--cores", "1", "--neurons-per-core", "2"], 1,
     "the network has 4 neurons but the spec holds 2"),
    (["image", "{d}/net.l2s"], 2, "Missing option"),
    (["plot", "occupancy", "{d}/net.l2s", "-o", "{d}/x.png"], 1,
     "plot occupancy needs a placement file"),
    (["plot", "pie", "{d}/net.l2s", "-o", "{d}/x.png"], 2, "Invalid value for"),
    (["nonsense"], 2, "No such command"),
])
def test_errors_are_one_line_with_the_right_exit_code(tmp_path, capsys, args, code, message):
    d = bad_inputs(tmp_path)
    got, out, err = invoke([a.format(d=d) for a in args], capsys)
    assert got == code, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert message.format(d=d) in err


def test_debug_shows_the_traceback(tmp_path, capsys):
    with pytest.raises(l2s.FileFormatError):
        main.main(["--debug", "info", str(tmp_path)], prog_name="l2s")


def test_info_json(tmp_path, capsys):
    l2s.from_l2s(**docs_example()).compile().save(tmp_path / "c.l2sc")
    code, out, _ = invoke(["info", "--json", str(tmp_path / "c.l2sc")], capsys)
    summary = json.loads(out)
    assert code == 0 and summary["kind"] == "compiled" and summary["neurons"] == 4
