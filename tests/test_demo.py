"""make demo's entry point, end to end on a small network."""
import os

from l2s.demo import main


def test_demo_writes_the_image_and_every_plot(tmp_path, capsys):
    main(["--out", str(tmp_path), "--neurons", "1500", "--steps", "120"])
    out = capsys.readouterr().out
    assert "matches the simulator spike for spike" in out
    assert "cut fraction" in out and "HBM rows" in out
    names = {"example.cri", "raster.png", "potentials.png", "topology.png",
             "mapping_occupancy.png", "mapping_traffic.png", "mapping_hbm_fill.png"}
    assert names <= set(os.listdir(tmp_path))
    for name in names - {"example.cri"}:
        data = (tmp_path / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
        assert int.from_bytes(data[16:20], "big") == 800  # 8 in x 100 dpi
