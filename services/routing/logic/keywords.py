"""Keywords and phrases per category, for the text classifier (`classify.py`).

Written with their diacritics so a Vietnamese reader can review them; the classifier folds them the same
way as the report's text. A weight says how sure a phrase alone makes us: 3 = nearly conclusive
("cột điện"), 2 = strong ("ổ gà"), 1 = a hint shared with other fields ("đường").
Kept apart from the labelled reports in bench/data/, which measure it and never feed it.
"""

from __future__ import annotations

KEYWORDS: dict[str, dict[str, int]] = {
    "dien": {
        "mất điện": 3, "cúp điện": 3, "cắt điện": 3, "cột điện": 3, "dây điện": 3, "đường dây điện": 3,
        "điện lực": 3, "trạm biến áp": 3, "biến áp": 2, "chập điện": 3, "điện chập chờn": 3,
        "điện yếu": 3, "sụt áp": 3, "công tơ": 3, "đồng hồ điện": 3, "tiền điện": 3, "hóa đơn điện": 3,
        "rò điện": 3, "điện giật": 3, "cháy nổ điện": 3, "đứt dây": 2, "tia lửa": 1, "điện": 1,
    },
    "giao_thong": {
        "ổ gà": 3, "ổ voi": 3, "sụt lún": 2, "mặt đường": 2, "lún nứt": 2, "bong tróc": 2,
        "đường xuống cấp": 3, "đường hư": 3, "hư hỏng nặng": 1, "cầu yếu": 3, "cầu sập": 3,
        "cầu gãy": 3, "lan can cầu": 3, "mố cầu": 3, "cầu": 1, "đường đất": 2, "lầy lội": 2,
        "trải nhựa": 2, "đá dăm": 2, "nâng cấp đường": 3, "tuyến đường": 1, "lộ": 1, "đường": 1,
        "biển báo": 2, "đèn tín hiệu": 2, "đèn giao thông": 2, "vạch kẻ đường": 2, "đèn xanh đèn đỏ": 2,
    },
    "ve_sinh_moi_truong": {
        "rác thải": 3, "rác": 2, "xả rác": 3, "thu gom rác": 3, "bãi rác": 3, "bốc mùi": 2, "hôi thối": 3,
        "mùi hôi": 2, "nước thải": 3, "ô nhiễm": 3, "khói bụi": 3, "tiếng ồn": 2, "xác động vật": 3,
        "xác chết": 1, "cá chết": 3, "kênh đen": 3, "nước đen": 2, "vệ sinh": 2, "muỗi": 2, "ruồi": 2,
        "chăn nuôi heo": 2, "trại heo": 3, "đốt rác": 3, "khói": 1, "bụi": 1, "chất thải": 3,
    },
    "an_ninh_trat_tu": {
        "trộm": 3, "trộm cắp": 3, "cướp": 3, "giật túi": 3, "đánh nhau": 3, "đánh bạc": 3, "cờ bạc": 3,
        "ma túy": 3, "tụ tập": 2, "gây rối": 3, "quậy phá": 3, "hát karaoke": 2, "karaoke": 2,
        "nhậu nhẹt": 2, "say xỉn": 2, "đâm chém": 3, "băng nhóm": 3, "cho vay nặng lãi": 3, "tín dụng đen": 3,
        "công an": 2, "hăm dọa": 3, "đe dọa": 3, "mất trộm": 3, "hung hãn": 2, "la hét": 2,
    },
    "ha_tang_do_thi": {
        "đèn đường": 3, "đèn chiếu sáng": 3, "chiếu sáng công cộng": 3, "cống": 2, "nắp cống": 3,
        "hố ga": 3, "cống thoát nước": 3, "thoát nước": 2, "ngập": 2, "ngập nước": 3, "ngập úng": 3,
        "vỉa hè": 2, "cây xanh": 3, "cây đổ": 3, "cây gãy": 3, "nhánh cây": 2, "công viên": 2,
        "nước sạch": 3, "cấp nước": 3, "mất nước": 3, "ống nước": 3, "bể ống": 3, "vỡ ống": 3,
        "đèn đường không sáng": 3, "bóng đèn": 2, "ghế đá": 2,
    },
    "trat_tu_xay_dung": {
        "xây dựng trái phép": 3, "xây dựng không phép": 3, "xây không phép": 3, "không có giấy phép": 2,
        "giấy phép xây dựng": 3, "lấn chiếm": 3, "lấn đất": 3, "lấn ra": 2, "cơi nới": 3, "xây lấn": 3,
        "công trình": 2, "công trường": 2, "vật liệu xây dựng": 3, "xà bần": 3, "cát đá": 2,
        "xây nhà": 2, "xây dựng": 1, "đổ đất": 2, "san lấp": 3, "hành lang": 1, "rào chắn": 1,
        "chiếm dụng vỉa hè": 3, "bán hàng trên vỉa hè": 3, "lấn chiếm vỉa hè": 3,
    },
    "an_toan_giao_thong": {
        "tai nạn": 3, "đua xe": 3, "lạng lách": 3, "chạy quá tốc độ": 3, "quá tốc độ": 3,
        "quá tải": 3, "xe quá tải": 3, "xe tải": 2, "xe ben": 2, "phóng nhanh": 3, "vượt ẩu": 3,
        "ùn tắc": 3, "kẹt xe": 3, "đậu xe": 2, "đỗ xe": 2, "xe container": 2, "xe khách": 2,
        "nồng độ cồn": 3, "vượt đèn đỏ": 3, "không đội mũ bảo hiểm": 3, "học sinh": 1, "bến đò": 2,
        "đò": 1, "áo phao": 3, "chở quá số người": 3,
    },
    "du_lich": {
        "du lịch": 3, "du khách": 3, "khách du lịch": 3, "chặt chém": 3, "nhà nghỉ": 2, "khách sạn": 2,
        "homestay": 3, "khu du lịch": 3, "điểm du lịch": 3, "đất mũi": 3, "hướng dẫn viên": 3,
        "tour": 3, "vé tham quan": 3, "nâng giá": 2, "giá cả": 1, "bắt chẹt": 3, "đeo bám": 3,
        "chèo kéo": 3, "nhà hàng": 2, "quán ăn": 1, "vệ sinh an toàn thực phẩm": 1,
    },
    "thu_tuc_hanh_chinh": {
        "thủ tục": 3, "hồ sơ": 2, "giấy tờ": 2, "cán bộ": 2, "công chức": 3, "một cửa": 3,
        "bộ phận một cửa": 3, "trễ hẹn": 3, "trễ hạn": 2, "chậm trễ": 2, "gây khó khăn": 3,
        "gây phiền hà": 3, "phiền hà": 3, "hách dịch": 3, "vòi vĩnh": 3, "tiêu cực": 2,
        "sổ đỏ": 3, "giấy chứng nhận quyền sử dụng đất": 3, "chứng thực": 3, "khai sinh": 3,
        "hộ khẩu": 3, "cư trú": 2, "căn cước": 3, "dịch vụ công": 3, "hẹn tới hẹn lui": 3,
        "đi lại nhiều lần": 3, "ủy ban": 1,
    },
}  # fmt: skip
