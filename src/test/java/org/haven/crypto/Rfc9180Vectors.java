package org.haven.crypto;

import java.util.HexFormat;

/** RFC 9180 Appendix A.3.1: DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode. */
final class Rfc9180Vectors {

    static final String INFO = "4f6465206f6e2061204772656369616e2055726e";
    static final String IKM_E = "4270e54ffd08d79d5928020af4686d8f6b7d35dbe470265f1f5aa22816ce860e";
    static final String PK_EM = "04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325a"
            + "c98536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4";
    static final String SK_EM = "4995788ef4b9d6132b249ce59a77281493eb39af373d236a1fe415cb0c2d7beb";
    static final String IKM_R = "668b37171f1072f3cf12ea8a236a45df23fc13b82af3609ad1e354f6ef817550";
    static final String PK_RM = "04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f706a"
            + "826a779b4cf969b8a0e539c7f62fb3d30ad6aa8f80e30f1d128aafd68a2ce72ea0";
    static final String SK_RM = "f3ce7fdae57e1a310d87f1ebbde6f328be0a99cdbcadf4d6589cf29de4b8ffd2";
    static final String ENC = PK_EM;
    static final String PT_0 = "4265617574792069732074727574682c20747275746820626561757479";
    static final String AAD_0 = "436f756e742d30";
    static final String CT_0 = "5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f"
            + "9076ac232e3ab2523f39513434";

    /** A.3.1.1, the encryptions at sequence numbers above 0: {sequence number, aad, ct}; the pt is always PT_0. */
    static final String[][] LATER_ENCRYPTIONS = {
        {"1", "436f756e742d31", "fa6f037b47fc21826b610172ca9637e82d6e5801eb31cbd3748271affd4ecb06646e0329cbdf3c3cd655b28e82"},
        {"2", "436f756e742d32", "895cabfac50ce6c6eb02ffe6c048bf53b7f7be9a91fc559402cbc5b8dcaeb52b2ccc93e466c28fb55fed7a7fec"},
        {"4", "436f756e742d34", "8787491ee8df99bc99a246c4b3216d3d57ab5076e18fa27133f520703bc70ec999dd36ce042e44f0c3169a6a8f"},
        {"255", "436f756e742d323535",
            "2ad71c85bf3f45c6eca301426289854b31448bcf8a8ccb1deef3ebd87f60848aa53c538c30a4dac71d619ee2cd"},
        {"256", "436f756e742d323536",
            "10f179686aa2caec1758c8e554513f16472bd0a11e2a907dde0b212cbe87d74f367f8ffe5e41cd3e9962a6afb2"},
    };

    private Rfc9180Vectors() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
