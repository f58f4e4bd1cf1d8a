"""make demo's entry point, end to end on a small network."""
import os

from l2s.demo import main


def test_demo_writes_the_image_and_every_plot(tmp_path, capsys):
    main(["--out", str(tmp_path), "--neurons", "1500", "--steps", "120"])
    out = capsys.readouterr().out
    assert "matches the simulator spike for spike" in out
    assert "cut fraction" in out and "HBM rows" in out
    # the sheet shows what METIS buys: its cut is a fraction of the contiguous one
    rows = [line.split() for line in out.splitlines()]
    metis, contiguous = (float(r[2]) for r in rows
                         if len(r) == 4 and r[0] in ("metis", "contiguous"))
    assert metis < 0.5 * contiguous
    assert "spikes go to:" in out  # one neuron explained from the image
    names = {"example.cri", "raster.png", "potentials.png", "topology.png",
             "mapping_occupancy.png", "mapping_traffic.png", "mapping_hbm_fill.png",
             "mapping_core_view.png", "sheet_metis_vs_contiguous.png"}
    assert names <= set(os.listdir(tmp_path))
    for name in names - {"example.cri"}:
        data = (tmp_path / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
        assert int.from_bytes(data[16:20], "big") == 800  # 8 in x 100 dpi
