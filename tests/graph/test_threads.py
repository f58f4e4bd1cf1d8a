"""Concurrent building of one Network is serialised by its lock: every call is applied."""
import threading

import l2s


def test_concurrent_add_and_connect_are_exact():
    net = l2s.Network()
    hub = net.add_neurons("hub", 10, threshold=1)
    barrier = threading.Barrier(8)

    def work(t):
        barrier.wait()
        for i in range(25):
            pop = net.add_axons(f"in{t}-{i}", 2)
            net.connect(pop, hub, rule="all_to_all")
            net.connect(hub, hub, pre=[t], post=[i % 10], weight=1)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert net.n_axons == 8 * 25 * 2
    assert net.n_synapses == 8 * 25 * (2 * 10 + 1)
    assert len(net.graph.graph["connect_order"]) == 8 * 25 * 2
    compiled = net.compile()
    assert compiled.n_synapses == net.n_synapses


def test_a_network_with_its_lock_pickles_and_copies():
    import copy
    import pickle
    net = l2s.Network()
    net.add_axons("in", 2)
    for clone in (pickle.loads(pickle.dumps(net)), copy.deepcopy(net)):
        clone.add_neurons("n", 1, threshold=0)
        assert clone.n_neurons == 1 and net.n_neurons == 0


def test_a_pickled_network_keeps_its_semantics():
    import copy
    import pickle
    net = l2s.Network(semantics="hs-2024")
    net.add_neurons("n", 2, threshold=1, shift=[-16, 3])
    for clone in (pickle.loads(pickle.dumps(net)), copy.deepcopy(net)):
        assert clone.semantics == "hs-2024"
        assert clone.compile().shift.tolist() == [-16, 3]
