from pages.portal import PiiScan


def test_pages_showing_another_persons_data_are_named_and_the_values_never_in_repr():
    scan = PiiScan(["回执", "我的办件"], [], [], {"回执": "申请人 张三", "我的办件": "李四 110101199001011234"})
    assert scan.pages_showing(["李四", "", "13800000000"]) == ["我的办件"]
    assert scan.pages_showing(["王五"]) == []
    assert "110101199001011234" not in repr(scan) and "李四" not in repr(scan)


def test_a_status_page_leaks_only_what_its_portal_does_not_make_public():
    from types import SimpleNamespace

    from pages.abilities.status import leaked

    other = SimpleNamespace(name="李四", id_number="330102199001011234", phone="13812345678")
    assert leaked("办件编号 X 申请人 李* 办理状态 已受理", other) == []          # masked name and status: public
    assert leaked("申请人 李四", other) == ["姓名"]
    assert leaked("申请人 李四", other, public=["name", "status"]) == []
    assert leaked("证件号码 330102199001011234 电话 13812345678", other) == ["手机号", "身份证号"]
    empty = SimpleNamespace(name="", id_number="", phone="")                    # a live profile without facts
    assert leaked("任何页面的任何文字", empty) == []
