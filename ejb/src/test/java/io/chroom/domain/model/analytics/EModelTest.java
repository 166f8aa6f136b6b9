package io.chroom.domain.model.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reference values of ITU-T G.107 and G.113, worked out by hand from the standards' formulas. */
class EModelTest {

    @Test
    void theDefaultRatingIsAMosOf441() {
        assertEquals(4.41, EModel.mos(EModel.DEFAULT_R), 0.005, "G.107: R = 93.2 is MOS 4.41");
    }

    @Test
    void annexBMapsRatingsToMos() {
        assertEquals(2.58, EModel.mos(50), 0.005, "R = 50");
        assertEquals(3.60, EModel.mos(70), 0.005, "R = 70");
        assertEquals(4.02, EModel.mos(80), 0.005, "R = 80");
        assertEquals(1.0, EModel.mos(-5), 1e-9, "below 0 the scale ends at 1");
        assertEquals(4.5, EModel.mos(120), 1e-9, "above 100 the scale ends at 4.5");
    }

    @Test
    void delayBelow100MillisecondsCostsNothing() {
        assertEquals(0, EModel.delayImpairment(100), 1e-9);
        assertEquals(0, EModel.delayImpairment(40), 1e-9);
    }

    @Test
    void delayImpairmentFollowsTheIddCurve() {
        // X = 1 at 200 ms: 25 * (2^(1/6) - 3 * (1 + 3^-6)^(1/6) + 2)
        assertEquals(3.04, EModel.delayImpairment(200), 0.01, "Idd at 200 ms");
        // X = 2 at 400 ms: 25 * (65^(1/6) - 3 * (1 + (2/3)^6)^(1/6) + 2)
        assertEquals(24.07, EModel.delayImpairment(400), 0.01, "Idd at 400 ms");
        assertTrue(
                EModel.delayImpairment(800) > EModel.delayImpairment(400),
                "the impairment grows with delay");
    }

    @Test
    void lossImpairmentFollowsG107WithTheG711PlcValues() {
        assertEquals(0, EModel.lossImpairment(0, 1), 1e-9, "no loss, no impairment");
        // 95 * 1 / (1 + 25.1)
        assertEquals(3.64, EModel.lossImpairment(1, 1), 0.01, "1 % random loss");
        // 95 * 5 / (5 + 25.1)
        assertEquals(15.78, EModel.lossImpairment(5, 1), 0.01, "5 % random loss");
        // 95 * 20 / (20 + 25.1)
        assertEquals(42.13, EModel.lossImpairment(20, 1), 0.01, "20 % random loss");
    }

    @Test
    void aLanCallRatesAsTheDefault() {
        assertEquals(4.41, EModel.mos(2, 1, 0), 0.005, "2 ms round trip, 1 ms jitter, no loss");
    }

    @Test
    void lossAndDelayLowerTheScore() {
        // Ta = 150 + 20 + 20 = 190 ms, Idd ~ 2.11; Ie,eff(2 %) = 95 * 2 / 27.1 ~ 7.01; R ~ 84.08
        double r = EModel.rating(300, 10, 2);
        assertEquals(84.08, r, 0.02, "R for 300 ms RTT, 10 ms jitter, 2 % loss");
        assertEquals(4.17, EModel.mos(r), 0.005, "its MOS");
        assertTrue(EModel.mos(300, 10, 10) < EModel.mos(300, 10, 2), "more loss, lower MOS");
    }
}
