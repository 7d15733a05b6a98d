from pages.portal import PiiScan


def test_pages_showing_another_persons_data_are_named_and_the_values_never_in_repr():
    scan = PiiScan(["回执", "我的办件"], [], [], {"回执": "申请人 张三", "我的办件": "李四 110101199001011234"})
    assert scan.pages_showing(["李四", "", "13800000000"]) == ["我的办件"]
    assert scan.pages_showing(["王五"]) == []
    assert "110101199001011234" not in repr(scan) and "李四" not in repr(scan)
